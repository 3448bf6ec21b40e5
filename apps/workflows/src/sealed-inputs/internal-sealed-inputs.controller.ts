import { Body, Controller, Header, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, ServiceOnly } from '@flowline/nest-auth';
import { ApiError } from '@flowline/nest-service';
import { SECRET_READERS } from '../secrets/secret-name';
import { OpenInputsDto, SealInputsDto } from './dto/sealed-inputs.dto';
import { SealedInputBox, UnopenableInputError } from './sealed-input-box';

/**
 * Secret user inputs: the triggers service seals them when a submission is accepted; an executor opens
 * them when it renders a node. Not routed by the gateway; service tokens only, each for its own org.
 */
@ApiTags('internal')
@ApiBearerAuth()
@Controller('internal/v1/sealed-inputs')
export class InternalSealedInputsController {
  constructor(private readonly box: SealedInputBox) {}

  @Post('seal')
  @HttpCode(200)
  @ServiceOnly('triggers')
  @ApiOperation({ summary: 'Seal secret user inputs for the token’s org (triggers only)' })
  seal(@CurrentPrincipal() principal: Principal, @Body() body: SealInputsDto) {
    return { ok: true, sealed: body.values.map((value) => this.box.seal(principal.orgId, value)) };
  }

  @Post('open')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ServiceOnly(...SECRET_READERS)
  @ApiOperation({ summary: 'Open sealed user inputs of the token’s org (executors only)' })
  @ApiResponse({ status: 422, description: 'A value was not sealed for this org' })
  open(@CurrentPrincipal() principal: Principal, @Body() body: OpenInputsDto) {
    try {
      return { ok: true, values: this.box.open(principal.orgId, body.sealed) };
    } catch (error) {
      if (!(error instanceof UnopenableInputError)) throw error;
      throw ApiError.invalid(error.message, [{ path: `sealed[${error.index}]`, message: error.message }]);
    }
  }
}
