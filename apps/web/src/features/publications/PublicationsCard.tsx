import { App, Button, Card, Space, Tag, Tooltip, Typography } from 'antd';
import { PUBLICATION_KIND_LABELS_ZH, PUBLICATION_KINDS } from '../../../../../libs/publications/content';
import { useSession } from '../../api/session';
import type { ActivityDetail } from '../../api/views';
import { errorMessage } from '../../app/components/Page';
import { Row, Rows } from '../../app/components/Rows';
import { formatDateTime } from '../../format/dates';
import { useApprovePublication, useGeneratePublication, usePublications, type Publication, type PublicationKind } from './queries';

/** Stages in which the final version exists: publications are built from it. */
export const FINAL_STAGES = ['ARCHIVING', 'FEEDBACK', 'RETAINED'];

const PURPOSE_ZH: Record<PublicationKind, string> = {
  member_digest: '供会员平台发布（R-14.4）',
  public_short: '供对外公开（R-15.3）',
};

/**
 * 发布稿 (R-14.4 会员平台摘要, R-15.3 公开简版): built from the final version with personal data masked,
 * a draft until admin's 审核发布. Admin and the lead department generate them and see the drafts;
 * every other reader sees the published ones.
 */
export function PublicationsCard({ activity }: { activity: ActivityDetail }) {
  const session = useSession();
  const role = session?.user.role;
  const isAdmin = role === 'admin';
  const canGenerate = isAdmin || ((role === 'staff' || role === 'dept_head') && session?.user.department === activity.leadDepartment);
  const list = usePublications(activity.id);
  const generate = useGeneratePublication(activity.id);
  const { message } = App.useApp();
  const items = [...(list.data ?? [])].sort((a, b) => PUBLICATION_KINDS.indexOf(a.kind) - PUBLICATION_KINDS.indexOf(b.kind));
  const missing = PUBLICATION_KINDS.filter((k) => !items.some((p) => p.kind === k));

  const onGenerate = (kind: PublicationKind) =>
    generate.mutate(kind, {
      onSuccess: () => void message.success(`${PUBLICATION_KIND_LABELS_ZH[kind]}已生成，待管理员审核发布`),
      onError: (err) => void message.error(errorMessage(err)),
    });

  return (
    <Card
      size="small"
      title="发布稿"
      className="section publications-card"
      loading={list.isPending}
      extra={
        canGenerate && missing.length ? (
          <Space wrap size={4}>
            {missing.map((k) => (
              <Button key={k} size="small" loading={generate.isPending && generate.variables === k} onClick={() => onGenerate(k)}>
                生成{PUBLICATION_KIND_LABELS_ZH[k]}
              </Button>
            ))}
          </Space>
        ) : null
      }
    >
      {list.error ? (
        <Typography.Text type="danger">{errorMessage(list.error)}</Typography.Text>
      ) : (
        <Rows<Publication>
          items={items}
          rowKey={(p) => p.id}
          empty={
            <Typography.Text type="secondary">
              {canGenerate ? '终稿已形成：可生成会员平台摘要和公开简版，个人信息自动脱敏，经管理员审核后发布。' : '暂无已发布的发布稿'}
            </Typography.Text>
          }
          render={(p) => <PublicationRow publication={p} activityId={activity.id} canApprove={isAdmin} />}
        />
      )}
    </Card>
  );
}

function PublicationRow({ publication: p, activityId, canApprove }: { publication: Publication; activityId: string; canApprove: boolean }) {
  const approve = useApprovePublication(activityId);
  const { message, modal } = App.useApp();
  const onApprove = () =>
    modal.confirm({
      title: `审核发布${p.kindZh}？`,
      content: '发布后内容不再更改，全体内部人员可见，并可用于对外发布。请确认个人信息已脱敏、内容无误。',
      okText: '审核发布',
      cancelText: '取消',
      onOk: () =>
        approve.mutateAsync(p.id).then(
          () => void message.success(`${p.kindZh}已发布`),
          (err: unknown) => {
            message.error(errorMessage(err));
          },
        ),
    });
  return (
    <Row
      className={`publication publication-${p.kind}`}
      title={
        <Space wrap size={4}>
          <span>{p.kindZh}</span>
          {p.published ? (
            <Tag color="green">已发布</Tag>
          ) : (
            <Tooltip title="待管理员审核发布">
              <Tag color="orange">草稿</Tag>
            </Tooltip>
          )}
          <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
            {PURPOSE_ZH[p.kind]} · 据第 {p.versionNo} 版终稿 · {p.createdBy.displayName ?? '—'} 生成于 {formatDateTime(p.createdAt)}
            {p.approvedAt ? ` · ${p.approvedBy?.displayName ?? '—'} 发布于 ${formatDateTime(p.approvedAt)}` : ''}
          </Typography.Text>
        </Space>
      }
      description={
        <Typography.Paragraph
          className="publication-text"
          copyable={p.published ? { text: p.text, tooltips: ['复制全文', '已复制'] } : false}
          ellipsis={{ rows: 6, expandable: 'collapsible' }}
        >
          {p.text}
        </Typography.Paragraph>
      }
      actions={
        canApprove && !p.published ? (
          <Button type="primary" onClick={onApprove}>
            审核发布
          </Button>
        ) : null
      }
    />
  );
}
