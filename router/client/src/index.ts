export { type BackoffOptions, backoffDelay } from './backoff.ts';
export {
  createLiveClient,
  type LiveClient,
  type LiveClientOptions,
  type LiveRequest,
  type LiveSink,
  type LiveState,
} from './client.ts';
export {
  type PackedSeat,
  type PackedSeatColumns,
  type PackedSeatStatus,
  unpackLayout,
  unpackStatuses,
} from './packed-seat-map.ts';
export {
  type CoalescedExtension,
  createVersionTracker,
  decide,
  type GapDecision,
  type VersionedChange,
  type VersionTracker,
  type VersionTrackerOptions,
  versionedChange,
} from './version-gap.ts';
