import { z } from 'zod';
import type { Backend } from '../data/connect.js';
import type { ReportFile } from './report-vm.js';

const LocalListSchema = z.object({ files: z.array(z.string()) });

/**
 * Report files: locally the server lists its `reports/` folder (`/__/cascade/reports`); in the cloud
 * Storage's `reports/` prefix (the rules let admins read it). Storage's SDK loads only when needed.
 */
export async function listReportFiles(b: Backend): Promise<ReportFile[]> {
  if (b.reports === 'local') {
    const r = await fetch('/__/cascade/reports', { cache: 'no-store' });
    if (!r.ok) throw new Error(`listing reports: HTTP ${r.status}`);
    const list = LocalListSchema.parse(await r.json());
    return list.files.map((path) => ({ path, url: `/__/cascade/reports/${path.split('/').map(encodeURIComponent).join('/')}` }));
  }
  const { getStorage, ref, listAll, getDownloadURL } = await import('firebase/storage');
  const storage = getStorage(b.app);
  const out: ReportFile[] = [];
  const walk = async (prefix: ReturnType<typeof ref>): Promise<void> => {
    const l = await listAll(prefix);
    for (const item of l.items) out.push({ path: item.fullPath.replace(/^reports\//, ''), url: await getDownloadURL(item) });
    for (const p of l.prefixes) await walk(p);
  };
  await walk(ref(storage, 'reports'));
  return out;
}
