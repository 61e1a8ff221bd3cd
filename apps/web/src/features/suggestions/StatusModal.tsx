import { Alert, App, Button, Form, Input, Modal, Space, Typography } from 'antd';
import { useState } from 'react';
import { SUGGESTION_TRANSITIONS } from '../../../../../libs/suggestions/status';
import { ApiError } from '../../api/client';
import type { Suggestion } from '../../api/views';
import { errorMessage } from '../../app/components/Page';
import { SUGGESTION_STATUS_ZH, type SuggestionStatus } from '../../format/labels';
import { useChangeSuggestionStatus } from './queries';

/** A status change as a button and its confirmation: what it is called, what will happen, what it asks for. */
interface Change {
  to: SuggestionStatus;
  label: string;
  consequence: string;
  /** The text field it asks for: a note (说明) or, for 不采纳, the reason. */
  field: 'note' | 'reason';
  fieldLabel: string;
  required: boolean;
  danger?: boolean;
}

/** The change from `from` to `to`, in the words the button and the modal use (libs/suggestions/status.ts decides which exist). */
export function changeOf(from: SuggestionStatus, to: SuggestionStatus): Change {
  if (to === 'in_progress' && from === 'in_progress') {
    return {
      to,
      label: '更新进展',
      consequence: '确认后，将记录一条落实进展，状态仍为“落实中”。',
      field: 'note',
      fieldLabel: '进展说明',
      required: true,
    };
  }
  if (to === 'in_progress') {
    return {
      to,
      label: '开始落实',
      consequence: '确认后，该建议改为“落实中”，此后可随时更新落实进展。',
      field: 'note',
      fieldLabel: '落实情况说明',
      required: false,
    };
  }
  if (to === 'implemented') {
    return {
      to,
      label: '已落实',
      consequence: '确认后，该建议改为“已落实”，计入本部门的建议落实率。已落实为最终状态，此后不能再更改。',
      field: 'note',
      fieldLabel: '落实情况说明',
      required: false,
    };
  }
  if (to === 'rejected') {
    return {
      to,
      label: '不采纳',
      consequence: '确认后，该建议改为“不采纳”，理由记入落实记录并在报表中列出；如需重新研究，可再恢复为“待落实”。',
      field: 'reason',
      fieldLabel: '不采纳理由',
      required: true,
      danger: true,
    };
  }
  return {
    to,
    label: '恢复待落实',
    consequence: '确认后，该建议重新变为“待落实”，原不采纳理由不再有效，须重新安排落实。',
    field: 'note',
    fieldLabel: '说明',
    required: false,
  };
}

/** Exactly the changes the current status allows, as buttons (shown only to the responsible department). */
export function StatusButtons({ suggestion, onChoose }: { suggestion: Suggestion; onChoose: (change: Change) => void }) {
  const changes = SUGGESTION_TRANSITIONS[suggestion.status].map((to) => changeOf(suggestion.status, to));
  if (!changes.length) return null;
  return (
    <Space wrap size={4} className="suggestion-actions">
      {changes.map((c) => (
        <Button
          key={c.label}
          size="small"
          danger={c.danger}
          type={c.to === 'implemented' ? 'primary' : 'default'}
          onClick={() => onChoose(c)}
        >
          {c.label}
        </Button>
      ))}
    </Space>
  );
}

const MAX = { note: 2000, reason: 1000 } as const;

/** The confirmation of one change: what will happen, the note or reason, the server's refusal in place. */
export function StatusModal({ suggestion, change, onClose }: { suggestion: Suggestion; change: Change; onClose: () => void }) {
  const [form] = Form.useForm<{ text?: string }>();
  const mutation = useChangeSuggestionStatus();
  const { message } = App.useApp();
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    // An empty required field is shown under it by the form; nothing to send.
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    const { text } = values;
    setError(null);
    const value = text?.trim();
    try {
      await mutation.mutateAsync({
        id: suggestion.id,
        body: { status: change.to, ...(value ? { [change.field]: value } : {}) },
      });
      void message.success(
        change.to === 'in_progress' && suggestion.status === 'in_progress'
          ? '已记录落实进展'
          : `已改为“${SUGGESTION_STATUS_ZH[change.to]}”`,
      );
      onClose();
    } catch (err) {
      // A missing note or reason lands under the field; a refused change (409, 403) above the form.
      const own = err instanceof ApiError ? err.details.filter((d) => d.field === change.field) : [];
      if (own.length) form.setFields([{ name: 'text', errors: own.map((d) => d.messageZh) }]);
      else setError(errorMessage(err));
    }
  };
  return (
    <Modal
      open
      title={`${change.label} · 改进建议`}
      okText={`确认${change.label}`}
      okButtonProps={{ danger: change.danger, loading: mutation.isPending }}
      cancelText="取消"
      onOk={() => void submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Typography.Paragraph>
        <Typography.Text type="secondary">改进措施：</Typography.Text>
        {suggestion.measure}
      </Typography.Paragraph>
      <Typography.Paragraph>{change.consequence}</Typography.Paragraph>
      <Form form={form} layout="vertical">
        <Form.Item
          name="text"
          label={change.fieldLabel}
          rules={change.required ? [{ required: true, whitespace: true, message: `请填写${change.fieldLabel}` }] : []}
        >
          <Input.TextArea
            rows={3}
            maxLength={MAX[change.field]}
            showCount
            placeholder={change.required ? `请填写${change.fieldLabel}` : '选填'}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export type { Change };
