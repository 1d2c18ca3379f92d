import { describePrograms } from './programs.ts';

/** The programs of programs/ on the runtime's default path, JSPI (Chromium, Firefox, Node). */
describePrograms();
