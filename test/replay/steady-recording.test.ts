// The shipped steady recording: the same figures every run, within the design's outcome bounds.

import { shippedRecordingSuite } from './shipped-recording.js';

shippedRecordingSuite('steady');
