import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ID_PATTERN } from '../config';
import { Actor } from './actor.decorator';
import { ApiAnswer, ApiErrors, ApiJsonBody, ApiProtected } from './api-schemas/api-docs.decorators';
import { Connection, ConnectionCheck, ConnectionList } from './api-schemas/connections.schemas';
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
@ApiProtected()
@Controller('api/v1/connections')
export class ConnectionsController {
  constructor(private readonly connections: ConnectionsAdminService) {}

  @Get()
  @ApiOperation({ summary: 'Every connection (poshub.yaml and API-created), secrets redacted' })
  @ApiAnswer(200, ConnectionList, 'Every connection')
  async list() {
    return { items: await this.connections.list() };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One connection, secrets redacted' })
  @ApiAnswer(200, Connection, 'The connection')
  @ApiErrors(404)
  async get(@Param('id') id: string) {
    return this.connections.get(id);
  }

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Create a connection; its config is stored encrypted' })
  @ApiJsonBody(CreateBody, {
    description: "config is validated by the connector's own schema; its secrets are stored sealed",
  })
  @ApiAnswer(201, Connection, 'The created connection, secrets redacted')
  @ApiErrors(
    [
      400,
      'BAD_REQUEST: invalid body, unknown connector, or a config the connector refuses (details name fields)',
    ],
    403,
    [409, 'READ_ONLY: the id is a poshub.yaml connection; CONFLICT: a connection with that id exists'],
  )
  async create(@Body() body: unknown, @Actor() actor: string) {
    const b = parseBody(CreateBody, body);
    return this.connections.save(b.id, b.connector, b.config, actor, 'create');
  }

  @Put(':id')
  @ApiOperation({ summary: 'Replace the config of an API-created connection; omitted secrets are kept' })
  @ApiJsonBody(UpdateBody, {
    description: 'A secret left out or sent as "[redacted]" keeps its stored value',
  })
  @ApiAnswer(200, Connection, 'The updated connection, secrets redacted')
  @ApiErrors(
    [400, 'BAD_REQUEST: invalid body, or a config the connector refuses (details name fields)'],
    403,
    404,
    [409, 'READ_ONLY: a poshub.yaml connection (change the file)'],
  )
  async update(@Param('id') id: string, @Body() body: unknown, @Actor() actor: string) {
    const { config } = parseBody(UpdateBody, body);
    const current = await this.connections.get(id);
    return this.connections.save(id, current.connector, config, actor, 'update');
  }

  @Post(':id/check')
  @HttpCode(200)
  @ApiOperation({ summary: "Run the connector's check against the live system" })
  @ApiAnswer(200, ConnectionCheck, 'What the check found (a failing check is still a 200, with ok: false)')
  @ApiErrors(403, 404, [409, 'CONFLICT: the connector of an API connection is not installed'])
  async check(@Param('id') id: string, @Actor() actor: string) {
    return this.connections.check(id, actor);
  }

  @Post(':id/pause')
  @HttpCode(200)
  @ApiOperation({ summary: 'Pause a connection (and its deliver queue when it is a destination)' })
  @ApiAnswer(200, Connection, 'The paused connection')
  @ApiErrors(403, 404)
  async pause(@Param('id') id: string, @Actor() actor: string) {
    return this.connections.setPaused(id, true, actor);
  }

  @Post(':id/resume')
  @HttpCode(200)
  @ApiOperation({ summary: 'Resume a connection (and its deliver queue)' })
  @ApiAnswer(200, Connection, 'The resumed connection (an auth_failed flag is cleared)')
  @ApiErrors(403, 404)
  async resume(@Param('id') id: string, @Actor() actor: string) {
    return this.connections.setPaused(id, false, actor);
  }
}
