import { Steps, Timeline, Typography } from 'antd';
import type { LifecycleState } from '../../api/views';
import { formatDateTime, shanghai } from '../../format/dates';
import { RETURN_STAGES, STAGE_ORDER, STAGE_SHORT_LABELS_ZH, type Stage } from '../../format/labels';

/**
 * Every stage of the lifecycle, where the activity is now and when each stage was entered
 * (`stageHistory`), followed by the full history, oldest first.
 */
export function StageTimeline({ state, createdAt }: { state: LifecycleState; createdAt: string }) {
  const history = state.stageHistory ?? [];
  const enteredAt = (stage: Stage) => (stage === 'AWAITING_END' ? createdAt : history.filter((h) => h.stage === stage).at(-1)?.at);
  const path = [...STAGE_ORDER];
  // A return's side stage is shown after the review level that returned the summary.
  if (RETURN_STAGES.includes(state.stage))
    path.splice(path.indexOf(`IN_REVIEW_L${state.returnedAtLevel ?? 1}` as Stage) + 1, 0, state.stage);
  if (state.stage === 'CLOSED') path.splice(1, path.length - 1, 'CLOSED');
  const current = path.indexOf(state.stage);

  return (
    <>
      <Steps
        size="small"
        current={current}
        status={state.stage === 'CLOSED' ? 'error' : 'process'}
        className="stage-steps"
        items={path.map((stage, i) => {
          const at = i <= current ? enteredAt(stage) : undefined;
          return {
            title: STAGE_SHORT_LABELS_ZH[stage],
            content: at ? <span title={formatDateTime(at)}>{shanghai(at).format('MM-DD HH:mm')}</span> : undefined,
          };
        })}
      />
      {history.length ? (
        <details style={{ marginTop: 12 }}>
          <summary>
            <Typography.Text type="secondary">阶段记录（{history.length + 1} 条）</Typography.Text>
          </summary>
          <Timeline
            style={{ marginTop: 12 }}
            className="stage-history"
            items={[{ stage: 'AWAITING_END' as Stage, at: createdAt }, ...history].map((h) => ({
              content: (
                <span data-stage={h.stage}>
                  {STAGE_SHORT_LABELS_ZH[h.stage]} · {formatDateTime(h.at)}
                </span>
              ),
            }))}
          />
        </details>
      ) : null}
    </>
  );
}
