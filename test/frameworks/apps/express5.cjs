require('./express-app.cjs')(require('express'), 'express5');
