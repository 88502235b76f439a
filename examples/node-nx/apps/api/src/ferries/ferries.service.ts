import { Injectable, NotFoundException } from '@nestjs/common';

export interface Sailing {
  id: number;
  route: string;
  departs: string;
}

@Injectable()
export class FerriesService {
  private readonly sailings: Sailing[] = [
    { id: 1, route: 'Saltcombe to Lowmoor', departs: '07:40' },
    { id: 2, route: 'Lowmoor to Gull Island', departs: '09:15' },
  ];

  all(): Sailing[] {
    return this.sailings;
  }

  one(id: number): Sailing {
    const sailing = this.sailings.find((s) => s.id === id);
    if (!sailing) {
      throw new NotFoundException(`no sailing ${id}`);
    }
    return sailing;
  }
}
