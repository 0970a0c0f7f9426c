import { useState } from 'react';
import { Alert, Col, Row, Skeleton, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DashboardFilters, DrilldownTarget } from './api';
import { AgentTable } from './components/AgentTable';
import { BacklogCharts } from './components/BacklogCharts';
import { BreakdownChart } from './components/BreakdownChart';
import { DrilldownDrawer } from './components/DrilldownDrawer';
import { DurationChart } from './components/DurationChart';
import { FiltersBar } from './components/FiltersBar';
import { KpiCards } from './components/KpiCards';
import { RecoveryCard } from './components/RecoveryCard';
import { VolumeChart } from './components/VolumeChart';
import { defaultFilters, useDashboard } from './useDashboard';
import { AtRiskList } from './retention/AtRiskList';
import { RetentionCard } from './retention/RetentionCard';
import { useRetention } from './retention/useRetention';

/**
 * The supervisor's live dashboard: resolution speed against targets, backlog, what breaks most
 * often, agents' load, and what recovery costs and wins back. Figures refresh on 'metrics:changed'.
 */
export function DashboardPage() {
  const { t } = useTranslation();
  const [filters, setFilters] = useState<DashboardFilters>(() => defaultFilters());
  const [drill, setDrill] = useState<DrilldownTarget | null>(null);
  const d = useDashboard(filters);
  const r = useRetention();
  const o = d.overview;
  return (
    <div data-testid="supervisor-dashboard" style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
      <div
        style={{
          display: 'flex',
          justifyContent: 'space-between',
          alignItems: 'center',
          flexWrap: 'wrap',
          gap: 8,
        }}
      >
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('dashboard.title')}
        </Typography.Title>
        <FiltersBar filters={filters} onChange={setFilters} onRefresh={d.refresh} liveUpdates={d.liveUpdates} loading={d.loading} />
      </div>
      {d.error && <Alert type="error" showIcon message={t('dashboard.error')} description={d.error} />}
      {!o ? (
        <div data-testid="dashboard-loading" aria-busy="true">
          <Skeleton active paragraph={{ rows: 2 }} />
          <Row gutter={[8, 8]}>
            {[0, 1, 2, 3].map((i) => (
              <Col xs={24} lg={12} key={i}>
                <Skeleton.Node active style={{ width: '100%', height: 210 }}>
                  <span />
                </Skeleton.Node>
              </Col>
            ))}
          </Row>
        </div>
      ) : (
        // New figures for changed filters: the old ones stay, dimmed, under a spinner until they come.
        <Spin spinning={d.loading} tip={t('dashboard.loading')}>
          <div style={{ display: 'flex', flexDirection: 'column', gap: 8 }} data-testid="dashboard-figures" aria-busy={d.loading}>
            <KpiCards o={o} onDrill={setDrill} />
            <Row gutter={[8, 8]}>
              <Col xs={24} lg={12}>
                <VolumeChart o={o} filters={filters} onDrill={setDrill} />
              </Col>
              <Col xs={24} lg={12}>
                <DurationChart o={o} />
              </Col>
              <Col xs={24} lg={12}>
                <BreakdownChart o={o} filters={filters} onDrill={setDrill} />
              </Col>
              <Col xs={24} lg={12}>
                <BacklogCharts o={o} filters={filters} onDrill={setDrill} />
              </Col>
              <Col xs={24} lg={14}>
                <AgentTable agents={d.agents} filters={filters} onDrill={setDrill} />
              </Col>
              <Col xs={24} lg={10}>
                <RecoveryCard o={o} filters={filters} />
              </Col>
              {/* Measured from the shop's orders; not narrowed by the filters above (all complaints, all time). */}
              {r.error && (
                <Col xs={24}>
                  <Alert type="warning" showIcon message={t('retention.error')} description={r.error} />
                </Col>
              )}
              {r.retention && (
                <Col xs={24}>
                  <RetentionCard view={r.retention} />
                </Col>
              )}
              {r.atRisk && (
                <Col xs={24}>
                  <AtRiskList view={r.atRisk} onChanged={() => void r.reload()} />
                </Col>
              )}
            </Row>
            <Typography.Text type="secondary" style={{ fontSize: 11 }}>
              {t('dashboard.footnote', {
                error: Math.round(o.histogramRelativeError * 100),
              })}
            </Typography.Text>
          </div>
        </Spin>
      )}
      <DrilldownDrawer target={drill} filters={filters} onClose={() => setDrill(null)} />
    </div>
  );
}
