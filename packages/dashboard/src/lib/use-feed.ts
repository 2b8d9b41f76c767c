import { useEffect, useState } from 'react';
import { applyChange, applySnapshot, emptyFeed, type FeedState } from './feed-state.js';
import { openFeed, type FeedStatus } from './sse.js';

/** The live flags of the server, kept current over SSE while the component is mounted. */
export function useFeed(token: string): { feed: FeedState; status: FeedStatus } {
  const [feed, setFeed] = useState<FeedState>(emptyFeed);
  const [status, setStatus] = useState<FeedStatus>({ kind: 'connecting' });
  useEffect(() => {
    const stream = openFeed({
      token,
      handlers: {
        onSnapshot: (snapshot) => setFeed(applySnapshot(snapshot)),
        onChange: (change) => setFeed((state) => applyChange(state, change)),
        onStatus: setStatus,
      },
    });
    return () => stream.close();
  }, [token]);
  return { feed, status };
}
