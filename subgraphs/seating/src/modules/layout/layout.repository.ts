import { type EntityManager, LockMode } from '@mikro-orm/postgresql';
import { AppError, badInput, ErrorCode, isUuid, notFound, recordAudit } from '@tiketi/kit';
import type { SeatLayoutInput } from '../../__generated__/resolvers.ts';
import { SeatLayout } from './layout.entity.ts';
import { validateLayout } from './layout-template.ts';

/** Layout templates (admin). Changing a template does not touch events already generated from it. */
export class Layouts {
  list(em: EntityManager): Promise<SeatLayout[]> {
    return em.find(SeatLayout, {}, { orderBy: { name: 'asc' } });
  }

  async get(em: EntityManager, id: string): Promise<SeatLayout | null> {
    return isUuid(id) ? em.findOne(SeatLayout, { id }) : null;
  }

  async create(em: EntityManager, actorId: string, input: SeatLayoutInput): Promise<SeatLayout> {
    const { name, description, template, seatCount } = checkInput(input);
    return em.transactional(async (tx) => {
      await this.assertNameFree(tx, name, null);
      const layout = tx.create(SeatLayout, { name, description, template, seatCount });
      await tx.flush();
      await recordAudit(tx, 'seating', actorId, {
        action: 'layout.create',
        target: { type: 'layout', id: layout.id },
        details: { name, seatCount },
      });
      return layout;
    });
  }

  async update(em: EntityManager, actorId: string, id: string, input: SeatLayoutInput): Promise<SeatLayout> {
    const { name, description, template, seatCount } = checkInput(input);
    return em.transactional(async (tx) => {
      const layout = isUuid(id)
        ? await tx.findOne(SeatLayout, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE })
        : null;
      if (!layout) throw notFound('Layout');
      await this.assertNameFree(tx, name, id);
      const before = { name: layout.name, seatCount: layout.seatCount };
      tx.assign(layout, { name, description, template, seatCount });
      await tx.flush();
      await recordAudit(tx, 'seating', actorId, {
        action: 'layout.update',
        target: { type: 'layout', id },
        details: { before, after: { name, seatCount } },
      });
      return layout;
    });
  }

  private async assertNameFree(em: EntityManager, name: string, except: string | null): Promise<void> {
    const clash = await em.findOne(SeatLayout, {
      name: { $ilike: name.replace(/[\\%_]/g, (c) => `\\${c}`) },
      ...(except ? { id: { $ne: except } } : {}),
    });
    if (clash) throw new AppError(ErrorCode.CONFLICT, `A layout named "${clash.name}" already exists.`);
  }
}

function checkInput(input: SeatLayoutInput) {
  const name = input.name.normalize('NFC').trim();
  if (name.length === 0 || name.length > 100) throw badInput('Enter 1 to 100 characters.', 'name');
  const description = input.description?.trim() || null;
  if (description && description.length > 2000)
    throw badInput('Enter at most 2000 characters.', 'description');
  const { name: _n, description: _d, ...template } = input;
  const valid = validateLayout(template, 'input');
  return { name, description, template: valid.template, seatCount: valid.seats.length };
}
