import { Suspense, lazy, useEffect } from 'react';
import { Col, Empty, Row, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { useStore } from '../../store';
import { ComplaintList } from './components/ComplaintList';
import { usePageTitle } from '../shell/usePageTitle';

// Loaded when a complaint is opened: the first screen (the lists) comes up without its panels.
const ComplaintView = lazy(() => import('./components/ComplaintView').then((m) => ({ default: m.ComplaintView })));

/** The agent console: lists on the left, the open complaint on the right, all live. */
export function ConsolePage() {
  const { t } = useTranslation();
  const selectedId = useStore((s) => s.console.selectedId);
  usePageTitle(t('nav.console'));
  const select = useStore((s) => s.selectComplaint);
  const [params, setParams] = useSearchParams();
  const fromUrl = params.get('c');

  // The open complaint lives in the URL (?c=<id>) so it can be linked, shared and reloaded.
  useEffect(() => {
    if (fromUrl && fromUrl !== useStore.getState().console.selectedId) select(fromUrl);
  }, [fromUrl, select]);
  useEffect(() => {
    if (selectedId && selectedId !== params.get('c')) setParams({ c: selectedId }, { replace: true });
  }, [selectedId, params, setParams]);
  return (
    <Row gutter={[16, 16]} data-testid="console-page" wrap>
      <Col xs={24} lg={9} xxl={7}>
        {/* Plain card boxes (rd-card): antd's Card brings Tabs and Skeleton (~17 KB gzip) to the first screen. */}
        <div className="rd-card" style={{ padding: 12, maxHeight: 'calc(100vh - 112px)', overflowY: 'auto', position: 'sticky', top: 80 }}>
          <ComplaintList />
        </div>
      </Col>
      <Col xs={24} lg={15} xxl={17}>
        {selectedId ? (
          <Suspense
            fallback={
              <div className="rd-card rd-list-loading">
                <Spin />
              </div>
            }
          >
            <ComplaintView key={selectedId} complaintId={selectedId} />
          </Suspense>
        ) : (
          <div className="rd-card" style={{ padding: 24 }}>
            <Empty description={t('console.view.pick')} data-testid="console-empty" />
          </div>
        )}
      </Col>
    </Row>
  );
}
