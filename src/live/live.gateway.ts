import { Inject, Logger } from '@nestjs/common';
import {
  MessageBody,
  OnGatewayConnection,
  OnGatewayDisconnect,
  SubscribeMessage,
  WebSocketGateway,
  ConnectedSocket,
} from '@nestjs/websockets';
import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import { AuthService } from '../auth/auth.service';
import { allows, ForbiddenError } from '../auth/auth.types';
import { toHttp } from '../common/http-exception.filter';
import { TangleError } from '../shared/errors';
import { LiveClient } from './live-client';
import { LiveHub } from './live-hub.service';
import { LIVE_OPTIONS, LiveOptions } from './live.options';
import { LiveRequest, parseLiveRequest } from './live.request';
import { WsSink } from './ws.sink';

interface Connection {
  sink: WsSink;
  client?: LiveClient;
}

/**
 * `ws://…/live/ws`: the same messages, filters and resume as `GET /live`. Parameters come in the
 * query string (`?topics=deal&lastEventId=42`) and start the subscription at once; a frame
 * `{ "event": "subscribe", "data": { topics, company, deal, at, lastEventId } }` replaces it.
 * Messages are frames `{ id, event, data }`, `id` the global position of the event they come from.
 */
@WebSocketGateway({ path: '/live/ws' })
export class LiveGateway implements OnGatewayConnection, OnGatewayDisconnect {
  private readonly logger = new Logger('LiveGateway');
  private readonly connections = new WeakMap<WebSocket, Connection>();

  constructor(
    private readonly hub: LiveHub,
    @Inject(LIVE_OPTIONS) private readonly options: LiveOptions,
    private readonly auth: AuthService,
  ) {}

  async handleConnection(
    socket: WebSocket,
    request: IncomingMessage,
  ): Promise<void> {
    const sink = new WsSink(
      socket,
      this.options.heartbeatMs,
      this.options.maxBufferBytes,
    );
    const connection: Connection = { sink };
    this.connections.set(socket, connection);
    const url = new URL(request?.url ?? '/live/ws', 'http://localhost');
    const { access_token: token, ...query } = Object.fromEntries(
      url.searchParams.entries(),
    );
    // The HTTP guard does not see WebSocket upgrades: authenticate here, as a reader. Browsers
    // cannot set headers on a WebSocket, so the token may also come as `?access_token=`.
    try {
      const authorization =
        request?.headers?.authorization ??
        (token ? `Bearer ${token}` : undefined);
      const caller = this.auth.authenticate(
        authorization,
        request?.socket?.remoteAddress,
      );
      if (!allows(caller.role, 'reader'))
        throw new ForbiddenError(
          `${caller.name} has role ${caller.role}; this needs reader`,
        );
    } catch (error) {
      const { body } = toHttp(error);
      sink.sendControl('error', body);
      sink.close(false, 1008, 'unauthorized');
      return;
    }
    await this.start(connection, () =>
      parseLiveRequest(query, request?.headers?.['last-event-id']),
    );
  }

  handleDisconnect(socket: WebSocket): void {
    const connection = this.connections.get(socket);
    if (connection?.client) this.hub.disconnect(connection.client);
  }

  @SubscribeMessage('subscribe')
  async subscribe(
    @ConnectedSocket() socket: WebSocket,
    @MessageBody() body: unknown,
  ): Promise<void> {
    const connection = this.connections.get(socket);
    if (!connection) return;
    const data =
      body !== null && typeof body === 'object'
        ? (body as Record<string, unknown>)
        : {};
    await this.start(connection, () => parseLiveRequest(data));
  }

  private async start(
    connection: Connection,
    parse: () => LiveRequest,
  ): Promise<void> {
    let request: LiveRequest;
    try {
      request = parse();
    } catch (error) {
      const message =
        error instanceof TangleError ? error.message : 'invalid subscription';
      connection.sink.sendControl('error', {
        statusCode: 400,
        error: 'Bad Request',
        message,
      });
      return;
    }
    if (connection.client) this.hub.disconnect(connection.client);
    try {
      connection.client = await this.hub.connect(
        request.filter,
        request.after,
        connection.sink,
      );
    } catch (error) {
      this.logger.error(
        `cannot start a live subscription: ${error instanceof Error ? error.message : String(error)}`,
      );
      connection.sink.sendControl('error', {
        statusCode: 503,
        error: 'Service Unavailable',
        message:
          'the live subscription could not start; reconnect to try again',
      });
      connection.sink.close(false, 1011, 'unavailable');
      return;
    }
    const client = connection.client;
    connection.sink.onClose(() => this.hub.disconnect(client));
    this.logger.debug(`client ${client.id} subscribed after ${client.lastId}`);
  }
}
