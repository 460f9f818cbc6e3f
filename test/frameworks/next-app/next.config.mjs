// The scratch project sits inside the cached framework install (two levels up), where `next`,
// `react` and `react-dom` are: Turbopack must be allowed to read there.
import { join } from 'node:path';

export default {
  turbopack: { root: join(import.meta.dirname, '..', '..') },
};
