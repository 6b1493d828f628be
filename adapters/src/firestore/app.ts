import { getApps, initializeApp } from 'firebase-admin/app';
import { type Firestore, getFirestore } from 'firebase-admin/firestore';

/** One Admin SDK app per process; the emulator host and project come from the standard variables. */
export function firestore(): Firestore {
  return getFirestore(getApps()[0] ?? initializeApp());
}
