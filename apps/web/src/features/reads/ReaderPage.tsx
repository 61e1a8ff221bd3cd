import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Typography } from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router';
import { download } from '../../api/client';
import { useSession } from '../../api/session';
import { Loadable, Page, errorMessage } from '../../app/components/Page';
import { useSummaries } from '../activities/queries';
import { useReaderHtml } from './queries';

/**
 * 阅读: the view-only reader of the latest summary version. The HTML (redacted, and watermarked for
 * outside bodies, by the server) is fetched with the token and shown via srcdoc in a sandboxed
 * iframe: no scripts, no download. Internal readers also get the Word file.
 */
export default function ReaderPage() {
  const { activityId = '' } = useParams();
  const session = useSession();
  const html = useReaderHtml(activityId);
  const internal = !!session && session.user.role !== 'external';
  return (
    <Page
      title="阅读"
      crumbs={[{ title: '查阅申请', to: '/read-requests' }, { title: '阅读' }]}
      extra={internal && html.data ? <WordLink activityId={activityId} /> : null}
    >
      <Loadable loading={html.isPending} error={html.error} retry={html.refetch}>
        {() => (
          <Card size="small" className="section" styles={{ body: { padding: 0 } }}>
            <iframe className="reader-frame" title="活动总结" sandbox="" srcDoc={html.data} />
            {internal ? null : (
              <Typography.Paragraph type="secondary" style={{ padding: '8px 12px', margin: 0 }}>
                仅供在线阅读，不提供下载。
              </Typography.Paragraph>
            )}
          </Card>
        )}
      </Loadable>
    </Page>
  );
}

function WordLink({ activityId }: { activityId: string }) {
  const versions = useSummaries(activityId);
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const latest = versions.data?.reduce<(typeof versions.data)[number] | undefined>(
    (a, v) => (!a || v.versionNo > a.versionNo ? v : a),
    undefined,
  );
  if (!latest) return null;
  const save = async () => {
    setBusy(true);
    try {
      await download(`/api/activities/${activityId}/summaries/${latest.id}/document.docx`, `活动总结-第${latest.versionNo}版.docx`);
    } catch (err) {
      void message.error(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button icon={<DownloadOutlined />} loading={busy} onClick={() => void save()}>
      下载 Word
    </Button>
  );
}
