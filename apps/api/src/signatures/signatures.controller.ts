import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/decorators.js';
import { INTERNAL_ROLES } from '../auth/policy.js';
import { SigningPublicKeyView } from './dto/signature-view.dto.js';
import { SignaturesService } from './signatures.service.js';

@ApiTags('summaries')
@ApiBearerAuth()
@Controller('api/signatures')
export class SignaturesController {
  constructor(private readonly signatures: SignaturesService) {}

  @Get('public-key')
  @Roles(...INTERNAL_ROLES)
  @ApiOperation({ summary: 'R-6.4 the Ed25519 public key that verifies summary signatures outside the service' })
  @ApiOkResponse({ type: SigningPublicKeyView })
  publicKey(): SigningPublicKeyView {
    return this.signatures.publicKey();
  }
}
