import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ID_PATTERN } from '../config';
import { Actor } from './actor.decorator';
import { ConnectionsAdminService } from './connections-admin.service';
import { parseBody } from './parse-body';

const Config = z.record(z.string(), z.unknown());
const CreateBody = z.strictObject({
  id: z.string().regex(ID_PATTERN, 'lowercase letters, digits and -'),
  connector: z.string().min(1),
  config: Config,
});
const UpdateBody = z.strictObject({ config: Config });

/** Connections: list and show (secrets redacted), create and update (secrets write-only), check, pause. */
@ApiTags('connections')
@ApiBearerAuth()
@Controller('api/v1/connections')
export class ConnectionsController {
  constructor(private readonly connections: ConnectionsAdminService) {}

  @Get()
  @ApiOperation({ summary: 'Every connection (poshub.yaml and API-created), secrets redacted' })
  async list() {
    return { items: await this.connections.list() };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One connection, secrets redacted' })
  async get(@Param('id') id: string) {
    return this.connections.get(id);
  }

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Create a connection; its config is stored encrypted' })
  @ApiBody({ description: '{ "id": "crm-2", "connector": "hubspot", "config": { ... } }' })
  async create(@Body() body: unknown, @Actor() actor: string) {
    const b = parseBody(CreateBody, body);
    return this.connections.save(b.id, b.connector, b.config, actor, 'create');
  }

  @Put(':id')
  @ApiOperation({ summary: 'Replace the config of an API-created connection; omitted secrets are kept' })
  @ApiBody({ description: '{ "config": { ... } } (a secret left out or sent as "[redacted]" is kept)' })
  async update(@Param('id') id: string, @Body() body: unknown, @Actor() actor: string) {
    const { config } = parseBody(UpdateBody, body);
    const current = await this.connections.get(id);
    return this.connections.save(id, current.connector, config, actor, 'update');
  }

  @Post(':id/check')
  @HttpCode(200)
  @ApiOperation({ summary: "Run the connector's check against the live system" })
  async check(@Param('id') id: string, @Actor() actor: string) {
    return this.connections.check(id, actor);
  }

  @Post(':id/pause')
  @HttpCode(200)
  @ApiOperation({ summary: 'Pause a connection (and its deliver queue when it is a destination)' })
  async pause(@Param('id') id: string, @Actor() actor: string) {
    return this.connections.setPaused(id, true, actor);
  }

  @Post(':id/resume')
  @HttpCode(200)
  @ApiOperation({ summary: 'Resume a connection (and its deliver queue)' })
  async resume(@Param('id') id: string, @Actor() actor: string) {
    return this.connections.setPaused(id, false, actor);
  }
}
