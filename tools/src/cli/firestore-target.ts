import { getApps, initializeApp } from 'firebase-admin/app';
import { type Firestore, getFirestore } from 'firebase-admin/firestore';

export const PROJECT_HELP = `  --project ID       Firebase project (default: GCLOUD_PROJECT, or demo-cascade with the local emulator).

Against the local emulators, set FIRESTORE_EMULATOR_HOST (npm start prints it). Against a real project,
authenticate first: gcloud auth application-default login.`;

/** The Firestore a command works on, or an error message saying how to name one. */
export function firestoreFor(project: string | undefined): Firestore | string {
  const projectId = project ?? process.env.GCLOUD_PROJECT ?? (process.env.FIRESTORE_EMULATOR_HOST ? 'demo-cascade' : undefined);
  if (!projectId) return 'No project: pass --project ID, set GCLOUD_PROJECT, or set FIRESTORE_EMULATOR_HOST for the local emulator.';
  return getFirestore(getApps()[0] ?? initializeApp({ projectId }));
}
