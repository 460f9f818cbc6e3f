require('./express-app.cjs')(require('express4'), 'express4');
