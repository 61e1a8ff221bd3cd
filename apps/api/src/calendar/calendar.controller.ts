import { Body, Controller, Delete, Get, Param, ParseUUIDPipe, Post, Put, Query, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ROLES, type Actor } from '../../../../libs/domain/roles.js';
import { Audit } from '../audit/audit.decorator.js';
import { CurrentActor, Roles } from '../auth/decorators.js';
import { INTERNAL_ROLES } from '../auth/policy.js';
import { ApiError, ErrorCode } from '../common/api-error.js';
import { CalendarErrorsInterceptor } from './calendar-errors.js';
import { CalendarYearQuery, CreateCalendarOverrideDto, DeadlineQuery, ImportOfficialYearDto, OfficialYearParams } from './calendar.dto.js';
import { CalendarService } from './calendar.service.js';
import {
  CalendarOverrideCreated,
  CalendarOverrideDeleted,
  CalendarOverrideList,
  CalendarYearView,
  DeadlineView,
  OfficialYearImported,
} from './calendar-views.dto.js';
import { ApiExamples, REQUEST_EXAMPLES } from '../common/request-examples.js';

const uuidPipe = new ParseUUIDPipe({
  exceptionFactory: () =>
    new ApiError(ErrorCode.NOT_FOUND, 'No calendar override with this id', '未找到该日历条目', [
      { field: 'id', code: 'isUuid', message: 'id must be a UUID', messageZh: 'id 必须是 UUID' },
    ]),
});

@ApiTags('calendar')
@ApiBearerAuth()
@Controller('api/calendar')
@UseInterceptors(CalendarErrorsInterceptor)
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  @Get()
  @Roles(...ROLES)
  @ApiOperation({ summary: 'Every day of a year: working or not, why, official or provisional' })
  @ApiOkResponse({ type: CalendarYearView })
  year(@Query() query: CalendarYearQuery): Promise<CalendarYearView> {
    return this.calendar.year(query.year);
  }

  @Get('deadline')
  @Roles(...ROLES)
  @ApiOperation({
    summary: 'Due time (23:59:59 Asia/Shanghai) of the N-th working day after an instant: `{ dueAt, dueDate, provisional }`',
  })
  @ApiOkResponse({ type: DeadlineView })
  deadline(@Query() query: DeadlineQuery): Promise<DeadlineView> {
    return this.calendar.deadline(query.after, query.workingDays);
  }

  @Get('overrides')
  @Roles(...INTERNAL_ROLES)
  @ApiOperation({ summary: "The association's closures and extra working days: `{ items }`" })
  @ApiOkResponse({ type: CalendarOverrideList })
  async list(): Promise<CalendarOverrideList> {
    return { items: await this.calendar.list() };
  }

  @Post('overrides')
  @ApiExamples(CreateCalendarOverrideDto, REQUEST_EXAMPLES.calendarOverride)
  @Roles('admin')
  @Audit('calendar.override.create', 'calendar_override')
  @ApiOperation({
    summary:
      'Add a closure or extra working day (409 when it shares a day with an existing entry); running workflows recompute their deadlines',
  })
  @ApiCreatedResponse({ type: CalendarOverrideCreated })
  create(@Body() dto: CreateCalendarOverrideDto, @CurrentActor() actor: Actor): Promise<CalendarOverrideCreated> {
    return this.calendar.create(dto, actor);
  }

  @Delete('overrides/:id')
  @Roles('admin')
  @Audit('calendar.override.delete', 'calendar_override')
  @ApiOperation({ summary: 'Remove a closure or extra working day; running workflows recompute their deadlines' })
  @ApiOkResponse({ type: CalendarOverrideDeleted })
  remove(@Param('id', uuidPipe) id: string): Promise<CalendarOverrideDeleted> {
    return this.calendar.remove(id);
  }

  @Put('official-years/:year')
  @ApiExamples(ImportOfficialYearDto, REQUEST_EXAMPLES.officialYear)
  @Roles('admin')
  @Audit('calendar.official_year.import', 'calendar_official_year', 'year', ['source'])
  @ApiOperation({
    summary:
      "Import a year's official schedule from the State Council notice before the calendar data carries it (409 when it does); " +
      'running workflows recompute their deadlines',
  })
  @ApiOkResponse({ type: OfficialYearImported })
  importOfficialYear(
    @Param() params: OfficialYearParams,
    @Body() dto: ImportOfficialYearDto,
    @CurrentActor() actor: Actor,
  ): Promise<OfficialYearImported> {
    return this.calendar.importOfficialYear({ year: params.year, ...dto }, actor);
  }
}
