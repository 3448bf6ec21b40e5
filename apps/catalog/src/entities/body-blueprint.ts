import { ApiError } from '@flowline/nest-service';
import { type EntityWriteDto } from './dto/entity.dto';
import { type EntityWrite } from './entity.model';

/**
 * Port's clients send `blueprint` in an entity body. It is accepted when it is the blueprint of the
 * path and refused (422, path `blueprint`) otherwise; the write itself never carries it.
 */
export function writeOf(pathBlueprint: string, body: EntityWriteDto): EntityWrite {
  const { blueprint, ...write } = body;
  if (blueprint !== undefined && blueprint !== pathBlueprint) {
    const message = `blueprint must be "${pathBlueprint}", the blueprint of the path`;
    throw ApiError.invalid(message, [{ path: 'blueprint', message }]);
  }
  return write;
}
