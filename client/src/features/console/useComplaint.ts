import { useCallback, useEffect, useState } from 'react';
import { ApiError } from '../../lib/api';
import { useStore } from '../../store';
import { consoleApi, type ComplaintDetail, type TimelineItem } from './api';

export interface ComplaintData {
  complaint: ComplaintDetail | null;
  timeline: TimelineItem[];
  loading: boolean;
  error: ApiError | null;
  reload(): Promise<void>;
}

/**
 * One complaint's detail and timeline. Refetches when a push says it changed (its summary's
 * updatedAt, or a 'complaint:timeline' event), so an open view never goes stale.
 */
export function useComplaint(id: string): ComplaintData {
  const [complaint, setComplaint] = useState<ComplaintDetail | null>(null);
  const [timeline, setTimeline] = useState<TimelineItem[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<ApiError | null>(null);
  const version = useStore((s) => s.console.timelineVersion[id] ?? 0);
  const updatedAt = useStore((s) => s.console.byId[id]?.updatedAt);

  const reload = useCallback(async () => {
    try {
      const [d, tl] = await Promise.all([consoleApi.get(id), consoleApi.timeline(id)]);
      setComplaint(d.complaint);
      setTimeline(tl.items);
      setError(null);
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'internal_error', String(err)));
    } finally {
      setLoading(false);
    }
  }, [id]);

  useEffect(() => {
    setLoading(true);
    setComplaint(null);
    setTimeline([]);
  }, [id]);

  useEffect(() => {
    void reload();
  }, [reload, version, updatedAt]);

  return { complaint, timeline, loading, error, reload };
}
