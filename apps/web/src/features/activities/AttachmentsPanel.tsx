import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Select, Space, Table, Tag, Upload } from 'antd';
import { useState } from 'react';
import { ATTACHMENT_KIND_LABELS_ZH, ATTACHMENT_KINDS, type AttachmentKind } from '../../../../../libs/summary/document';
import { download, upload } from '../../api/client';
import type { Attachment } from '../../api/views';
import { errorMessage } from '../../app/components/Page';
import { formatNumber } from '../../format/numbers';
import { useAttachments, useRefreshActivity } from './queries';

const ACCEPT: Record<AttachmentKind, string> = {
  photo: 'image/jpeg,image/png,image/webp',
  data_table: '.xlsx,.csv,text/csv',
  media_screenshot: 'image/jpeg,image/png,image/webp',
  questionnaire_report: '.pdf,.docx,.xlsx',
};

function size(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${formatNumber(Math.ceil(bytes / 1024))} KB`;
}

/** 附件: upload (lead department), list and download; the kinds asks a summary to carry. */
export function AttachmentsPanel({ activityId, canUpload }: { activityId: string; canUpload: boolean }) {
  const { message } = App.useApp();
  const list = useAttachments(activityId);
  const refresh = useRefreshActivity(activityId);
  const [kind, setKind] = useState<AttachmentKind>('photo');
  const [busy, setBusy] = useState(0);

  const send = async (file: File) => {
    const form = new FormData();
    form.append('kind', kind);
    form.append('file', file);
    setBusy((n) => n + 1);
    try {
      await upload<Attachment>(`/api/activities/${activityId}/attachments`, form);
      message.success(`已上传：${file.name}`);
      await refresh();
    } catch (err) {
      message.error(`${file.name}：${errorMessage(err)}`);
    } finally {
      setBusy((n) => n - 1);
    }
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {canUpload ? (
        <Space wrap className="attachment-upload">
          <label htmlFor={`attachment-kind-${activityId}`}>附件类型</label>
          <Select<AttachmentKind>
            id={`attachment-kind-${activityId}`}
            value={kind}
            onChange={setKind}
            style={{ width: 160 }}
            options={ATTACHMENT_KINDS.map((k) => ({ value: k, label: ATTACHMENT_KIND_LABELS_ZH[k] }))}
          />
          <Upload
            multiple
            accept={ACCEPT[kind]}
            showUploadList={false}
            beforeUpload={(file) => {
              void send(file);
              return false;
            }}
          >
            <Button icon={<UploadOutlined />} loading={busy > 0}>
              上传文件
            </Button>
          </Upload>
        </Space>
      ) : null}
      <Table<Attachment>
        rowKey="id"
        size="small"
        loading={list.isPending}
        dataSource={list.data ?? []}
        pagination={false}
        locale={{ emptyText: '暂无附件' }}
        columns={[
          { title: '类型', dataIndex: 'kind', width: 120, render: (k: AttachmentKind) => <Tag>{ATTACHMENT_KIND_LABELS_ZH[k] ?? k}</Tag> },
          // The name the download is saved as: it carries the extension of the detected type.
          { title: '文件名', dataIndex: 'fileName', render: (n: string) => <span style={{ overflowWrap: 'anywhere' }}>{n}</span> },
          { title: '大小', dataIndex: 'size', width: 90, responsive: ['md'], render: size },
          {
            title: '操作',
            key: 'download',
            width: 80,
            render: (_: unknown, a) => (
              <Button
                type="link"
                size="small"
                icon={<DownloadOutlined />}
                aria-label={`下载 ${a.fileName}`}
                onClick={() =>
                  download(`/api/activities/${activityId}/attachments/${a.id}`, a.fileName).catch((e) => message.error(errorMessage(e)))
                }
              >
                下载
              </Button>
            ),
          },
        ]}
      />
    </Space>
  );
}
