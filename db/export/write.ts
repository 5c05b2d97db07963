/** Kept for existing imports: the one file writer lives in db/files/write.ts. */
export { writeFileAtomic } from '../files/write.ts';
