import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';

/**
 * The admin app's door scanner (`/scan/:eventId`, issue 17) driven as staff use it, without a camera: a picture
 * of the QR goes to its "사진으로 확인" input, and the verdict is read off the page.
 */

export interface DoorVerdict {
  outcome: string | null;
  /** decided on the device, queued for sync */
  offline: boolean;
  reason: string | null;
  seat: string | null;
}

/** Logs in at the admin app on its way to the event's scanner page and waits until the door has its kit. */
export async function openDoor(
  browser: Browser,
  adminOrigin: string,
  eventId: string,
  account: { email: string; password: string },
): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 800, height: 1000 },
    timezoneId: 'Asia/Seoul',
  });
  const page = await context.newPage();
  await page.goto(`${adminOrigin}/scan/${eventId}`);
  await page.getByLabel('이메일').fill(account.email);
  await page.getByLabel('비밀번호').fill(account.password);
  await page.getByRole('button', { name: '로그인' }).click();
  // The kit (keys, revocations) is on the device: from here the door works offline too.
  await page.locator('[data-testid="door"][data-kit="ready"]').waitFor();
  return page;
}

/** Feeds the door a picture of a QR code and waits for its new verdict. */
export async function scanQrImage(door: Page, png: Buffer): Promise<DoorVerdict> {
  const verdict = door.getByTestId('door-verdict');
  const before = await verdict.getAttribute('data-stamp');
  await door
    .getByTestId('door-picture')
    .setInputFiles({ name: 'ticket.png', mimeType: 'image/png', buffer: png });
  await expect.poll(() => verdict.getAttribute('data-stamp'), { timeout: 10_000 }).not.toBe(before);
  return {
    outcome: await verdict.getAttribute('data-outcome'),
    offline: (await verdict.getAttribute('data-offline')) === 'true',
    reason: await door.getByTestId('door-reason').textContent(),
    seat: await door
      .getByTestId('door-seat')
      .textContent({ timeout: 500 })
      .catch(() => null),
  };
}

/**
 * A picture of the QR a buyer's ticket page shows (`/me/tickets/:id`), taken just after its code changed, so a
 * door has the whole 15–30 s the code lives to read it.
 */
export async function freshQrPicture(page: Page): Promise<{ payload: string; png: Buffer }> {
  const canvas = page.locator('canvas[data-qr-payload]');
  await canvas.waitFor();
  const step = Number(await canvas.getAttribute('data-code-step'));
  await expect
    .poll(async () => Number(await canvas.getAttribute('data-code-step')), { timeout: 17_000, interval: 200 })
    .toBeGreaterThan(step);
  return { payload: (await canvas.getAttribute('data-qr-payload'))!, png: await canvas.screenshot() };
}

/** A picture of the QR a buyer's ticket page shows now (it verifies for at least 15 s). */
export async function qrPicture(page: Page): Promise<{ payload: string; png: Buffer }> {
  const canvas = page.locator('canvas[data-qr-payload]');
  await canvas.waitFor();
  return { payload: (await canvas.getAttribute('data-qr-payload'))!, png: await canvas.screenshot() };
}
