// Runs on the build output (npm test after npm run build, as the tester stage does).
const test = require('node:test');
const assert = require('node:assert/strict');
const { NotFoundException } = require('@nestjs/common');
const { OrdersService } = require('../dist/orders/orders.service');

test('orders are listed and found by id', () => {
  const orders = new OrdersService();
  assert.equal(orders.findAll().length, 2);
  assert.equal(orders.findOne(2).item, 'filter papers');
});

test('an unknown order is a 404', () => {
  assert.throws(() => new OrdersService().findOne(9), NotFoundException);
});
