import {
  Controller,
  Get,
  Inject,
  Logger,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { HttpReply, HttpRequest } from '../common/http-platform';
import { AllowQueryToken } from '../auth/auth.decorators';
import { LiveClient } from './live-client';
import { LiveHub } from './live-hub.service';
import { LIVE_OPTIONS, LiveOptions } from './live.options';
import { parseLiveRequest } from './live.request';
import { SseSink } from './sse.sink';

@ApiTags('live')
@Controller('live')
export class LiveController {
  private readonly logger = new Logger('LiveController');
  constructor(
    private readonly hub: LiveHub,
    @Inject(LIVE_OPTIONS) private readonly options: LiveOptions,
  ) {}

  @Get()
  @AllowQueryToken()
  @ApiOperation({
    summary: 'Server-Sent Events of committed changes',
    description:
      'Each message: `id` = global position of the event it comes from (an event and the exposure updates derived from it share it), `event` = its kind (deal.recorded, deal.amended, payment.recorded, company.defaulted…; ' +
      'with `at`, exposure.changed / exposure.restated), `data` = JSON naming the companies and deals concerned, with field changes ' +
      'and before/after amounts. Resume with the `Last-Event-ID` header or `lastEventId`. A client that falls behind gets `resync` and is closed.',
  })
  @ApiProduces('text/event-stream')
  @ApiQuery({
    name: 'topics',
    required: false,
    description:
      'comma list of kinds or prefixes, e.g. `deal,company.defaulted`',
  })
  @ApiQuery({
    name: 'company',
    required: false,
    description: 'comma list of company ids',
  })
  @ApiQuery({
    name: 'deal',
    required: false,
    description: 'comma list of deal ids',
  })
  @ApiQuery({
    name: 'at',
    required: false,
    description:
      'only changes to the view at this effective date (restatements included)',
  })
  @ApiQuery({
    name: 'access_token',
    required: false,
    description:
      'the bearer token, for clients that cannot send an Authorization header (a browser EventSource); the header wins when both are sent',
  })
  @ApiQuery({
    name: 'lastEventId',
    required: false,
    description:
      'resume after this message id (a global position: every message of it was delivered)',
  })
  async stream(
    @Req() req: HttpRequest,
    @Res() res: HttpReply,
    @Query() query: Record<string, unknown>,
  ): Promise<void> {
    const request = parseLiveRequest(query, req.headers['last-event-id']);
    // The stream is written on the raw response from here on; the platform sends nothing itself.
    res.hijack();
    const sink = new SseSink(
      res.raw,
      this.options.heartbeatMs,
      this.options.maxBufferBytes,
    );
    let client: LiveClient;
    try {
      client = await this.hub.connect(request.filter, request.after, sink);
    } catch (error) {
      // The stream is already open (200 sent): say so in it, then end it; the client reconnects.
      this.logger.error(
        `cannot start a live stream: ${error instanceof Error ? error.message : String(error)}`,
      );
      sink.fail('the live stream could not start; reconnect to try again');
      return;
    }
    sink.onClose(() => this.hub.disconnect(client));
  }
}
