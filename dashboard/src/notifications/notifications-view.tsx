import { collection, limit, orderBy, query } from 'firebase/firestore';
import { useSession } from '../app/backend-context.js';
import { ErrorsBox, Loading } from '../app/errors-box.js';
import { useLiveQuery } from '../data/live.js';
import { NotificationDocSchema } from '../data/read-models.js';
import { fmtTime } from '../format/numbers.js';

/** Notifications with their delivery state (sent, stored, throttled, queued, failed, dead-lettered). */
export function NotificationsView() {
  const { db } = useSession();
  const live = useLiveQuery('notifications', () => query(collection(db, 'notifications'), orderBy('createdAt', 'desc'), limit(50)), NotificationDocSchema);
  return (
    <section aria-labelledby="notif-h">
      <h2 id="notif-h">Notifications</h2>
      <ErrorsBox errors={live.errors} failure={live.failure} />
      <Loading ready={live.ready} empty={live.rows.length === 0} what="notifications" />
      {live.rows.length > 0 && (
        <div class="table-wrap" tabIndex={0} role="region" aria-label="Notifications table">
          <table class="rows" aria-label="Notifications">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Event</th>
                <th scope="col">Severity</th>
                <th scope="col">Channel</th>
                <th scope="col">Subject</th>
                <th scope="col">Delivery</th>
              </tr>
            </thead>
            <tbody>
              {live.rows.map((n, i) => (
                <tr key={live.ids[i]}>
                  <td data-label="Time">{fmtTime(n.createdAt)}</td>
                  <td data-label="Event">{n.eventType ?? '—'}</td>
                  <td data-label="Severity">{n.severity ?? '—'}</td>
                  <td data-label="Channel">{n.channel ?? 'email'}</td>
                  <td data-label="Subject">{n.subject ?? '—'}</td>
                  <td data-label="Delivery" class={n.state === 'failed' || n.state === 'dead_letter' ? 'neg' : ''}>
                    {n.state ?? 'pending'}
                    {n.deadLetterReason ? `: ${n.deadLetterReason}` : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
