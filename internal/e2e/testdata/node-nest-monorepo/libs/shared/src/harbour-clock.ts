import { Injectable } from '@nestjs/common';

// The harbour's name and the time of the next high water, which both applications show.
@Injectable()
export class HarbourClock {
  readonly harbour = 'Saltcombe';

  nextHighWater(): string {
    return '07:12';
  }
}
