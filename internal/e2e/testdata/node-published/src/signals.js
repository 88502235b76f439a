'use strict';
exports.signals = [{ harbour: 'Saltcombe', flag: 'blue', meaning: 'harbour open' }];
