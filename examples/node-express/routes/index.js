const express = require('express');
const { trails } = require('./data');

const router = express.Router();

router.get('/', function (req, res) {
  res.render('index', { title: 'Trailhead', trails });
});

module.exports = router;
