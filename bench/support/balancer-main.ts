/**
 * A `balancer` (chaos.ts) in a process of its own, forked by `balancerProcess`: an ingress replica. The
 * backends' ports come in BALANCER_PORTS (comma-separated); it reports the port it listens on over IPC.
 */
import { balancer } from './chaos.ts';

const ports = (process.env.BALANCER_PORTS ?? '').split(',').map(Number);
const b = await balancer(() => ports);
process.send?.({ type: 'listening', port: b.port });
process.on('disconnect', () => void b.close().finally(() => process.exit(0)));
