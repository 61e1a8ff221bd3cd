import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../../../libs/domain/roles.js';
import { ActivityLookup, activityIdPipe } from '../activities/activity-lookup.js';
import { Audit } from '../audit/audit.decorator.js';
import { CurrentActor, Roles } from '../auth/decorators.js';
import { INTERNAL_ROLES } from '../auth/policy.js';
import { idParam } from '../common/ids.js';
import { ApiExamples } from '../common/request-examples.js';
import { CreatePublicationDto, PublicationsQuery } from './dto/publication.dto.js';
import { PublicationPage, PublicationView } from './dto/publication-view.dto.js';
import { PublicationsService } from './publications.service.js';

const publicationIdPipe = idParam('publication', '发布稿');

export const PUBLICATION_EXAMPLES = {
  create: {
    memberDigest: { summary: 'The member digest (R-14.4): the five modules, desensitized', value: { kind: 'member_digest' } },
    publicShort: { summary: 'The public short version (R-15.3): the social-value part', value: { kind: 'public_short' } },
  },
};

/** generate a desensitized publication from an activity's final version. */
@ApiTags('publications')
@ApiBearerAuth()
@Controller('api/activities/:id/publications')
export class ActivityPublicationsController {
  constructor(
    private readonly activities: ActivityLookup,
    private readonly publications: PublicationsService,
  ) {}

  @Post()
  @Roles('admin', 'staff', 'dept_head')
  @Audit('publication.generate', 'activity', 'id', ['kind'])
  @ApiExamples(CreatePublicationDto, PUBLICATION_EXAMPLES.create)
  @ApiCreatedResponse({ type: PublicationView, description: 'The draft, desensitized, waiting for admin’s approval' })
  @ApiOperation({
    summary:
      'R-14.4 / R-15.3 build the member digest or the public short version from the final version as a draft, personal data masked ' +
      '(138****5678, 110105********1234, w***@163.com, names 某某); admin or the lead department’s staff and head. ' +
      '409 PUBLICATION_REFUSED before the final version is formed or when this kind exists already for the final version',
  })
  async generate(
    @Param('id', activityIdPipe) id: string,
    @Body() dto: CreatePublicationDto,
    @CurrentActor() actor: Actor,
  ): Promise<PublicationView> {
    const activity = await this.activities.findOr404(id);
    return this.publications.generate(actor, activity, dto.kind);
  }
}

/** the publications: list, read, approve (admin: only approved ones count as published). */
@ApiTags('publications')
@ApiBearerAuth()
@Controller('api/publications')
export class PublicationsController {
  constructor(private readonly publications: PublicationsService) {}

  @Get()
  @Roles(...INTERNAL_ROLES)
  @Audit('publication.list', 'publication')
  @ApiOkResponse({ type: PublicationPage })
  @ApiOperation({
    summary:
      'Publications, newest first: `?status=draft|approved&kind=member_digest|public_short&activityId=&page=&pageSize=`; ' +
      'published (approved) ones for every internal role, drafts only for admin and the lead department',
  })
  list(@Query() q: PublicationsQuery, @CurrentActor() actor: Actor): Promise<PublicationPage> {
    return this.publications.list(actor, q);
  }

  @Get(':publicationId')
  @Roles(...INTERNAL_ROLES)
  @Audit('publication.read', 'publication', 'publicationId')
  @ApiOkResponse({ type: PublicationView })
  @ApiOperation({ summary: 'One publication; a draft only for admin and the lead department (403 for anyone else)' })
  get(@Param('publicationId', publicationIdPipe) id: string, @CurrentActor() actor: Actor): Promise<PublicationView> {
    return this.publications.get(actor, id);
  }

  @Post(':publicationId/approve')
  @HttpCode(HttpStatus.OK)
  @Roles('admin')
  @Audit('publication.approve', 'publication', 'publicationId')
  @ApiOkResponse({ type: PublicationView, description: 'Approved: published from now on, and never changed' })
  @ApiOperation({
    summary: 'Admin approves a draft: only approved publications count as published; 409 PUBLICATION_REFUSED when approved already',
  })
  approve(@Param('publicationId', publicationIdPipe) id: string, @CurrentActor() actor: Actor): Promise<PublicationView> {
    return this.publications.approve(actor, id);
  }
}
