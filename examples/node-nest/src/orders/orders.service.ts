import { Injectable, NotFoundException } from '@nestjs/common';

export interface Order {
  id: number;
  item: string;
  quantity: number;
}

@Injectable()
export class OrdersService {
  private readonly orders: Order[] = [
    { id: 1, item: 'espresso beans', quantity: 2 },
    { id: 2, item: 'filter papers', quantity: 100 },
  ];

  findAll(): Order[] {
    return this.orders;
  }

  findOne(id: number): Order {
    const order = this.orders.find((o) => o.id === id);
    if (!order) {
      throw new NotFoundException(`no order ${id}`);
    }
    return order;
  }

  create(item: string, quantity: number): Order {
    const order = { id: this.orders.length + 1, item, quantity };
    this.orders.push(order);
    return order;
  }
}
