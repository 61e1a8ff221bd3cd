import { ApiProperty } from '@nestjs/swagger';

export class TemporalUiDto {
  @ApiProperty({ example: 'http://localhost:8233', description: 'TEMPORAL_UI_URL' })
  url: string;

  @ApiProperty({ example: 'default' })
  namespace: string;
}

export class WebConfigResponse {
  @ApiProperty({
    type: TemporalUiDto,
    nullable: true,
    description: "A workflow's page is `{url}/namespaces/{namespace}/workflows/{workflowId}`; null for roles without the link",
  })
  temporalUi: TemporalUiDto | null;
}
