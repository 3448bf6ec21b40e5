import { Body, Controller, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@flowline/nest-auth';
import { projectEntity } from '../search/entity-projection';
import { EntitySearchDto, EntitySearchQueryDto } from './dto/entity.dto';
import { EntitiesService } from './entities.service';

/** Port's search across blueprints. */
@ApiTags('entities')
@ApiBearerAuth()
@Controller('v1/entities')
export class EntitySearchController {
  constructor(private readonly entities: EntitiesService) {}

  @Post('search')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Entities of any blueprint matching rules (`$blueprint` narrows it); include/exclude',
  })
  async search(
    @CurrentPrincipal() principal: Principal,
    @Query() query: EntitySearchQueryDto,
    @Body() body: EntitySearchDto,
  ) {
    const entities = await this.entities.searchAll(principal.orgId, body);
    return { ok: true, entities: entities.map((e) => projectEntity(e, query.include, query.exclude)) };
  }
}
