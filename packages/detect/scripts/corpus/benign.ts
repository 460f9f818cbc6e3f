// Benign traffic, generated deterministically from phrase lists modelled on real requests: site
// search, shop browsing, JSON APIs, forms, OAuth redirects, webhooks, mobile apps, crawlers and
// health checks. The phrase lists deliberately include what naive detectors trip over: names
// with apostrophes, SQL-ish English, prices with '$', '<3', "a < b", code snippets, URLs.
import {
  BOT_AGENTS, BROWSER_AGENTS, CLIENT_AGENTS, b64, browserHeaders, clientHeaders, hex, pick, prng, siteCookies,
  type CorpusEntry,
} from './common.ts';

const rand = prng(0xb3e1);

const SEARCHES = [
  "o'brien family recipes", "d'angelo pizza near me", 'how to select a good watermelon', 'union of two sets proof',
  "I'd like to select 1 or 2 items", 'drop me a line template', 'best budget laptop 2024', 'red running shoes size 10',
  "men's winter jacket", "women's yoga pants", "kids' bike helmet", 'iphone 15 case', 'usb-c to hdmi adapter',
  "shaquille o'neal rookie card", "l'oréal shampoo", "côte d'ivoire football", 'rock & roll hall of fame',
  'tom & jerry dvd', 'AT&T customer service', 'R&D tax credit', 'q&a session tips', 'ben & jerry\'s cookie dough',
  'procter & gamble careers', 'a < b < c inequality', 'i <3 ny t-shirt', 'x > 5 and x < 10', '2 + 2 = 4',
  'what is 15% of 80', '$20 gift card', 'price under $50', '50% off sale', 'c# vs java', 'c++ tutorial for beginners',
  'node.js vs deno', 'what does select * from mean', 'sql join vs union', 'how to delete a facebook account',
  'update windows 11', 'insert row excel shortcut', 'drop shipping business ideas', 'table tennis rules',
  'order by date newest', 'group by sql meaning', 'where to buy cheap flights', 'having a baby checklist',
  'exec summary template', 'script writing course', 'javascript array sort', 'python list comprehension',
  'alert dialog android', 'prompt engineering guide', 'confirm email not received', 'eval of marketing campaign',
  '"exact phrase" search tips', 'site:example.com privacy policy', 'tag:javascript OR tag:typescript',
  'cats -dogs', 'résumé template', 'crème brûlée recipe', 'jalapeño poppers', 'zoë kravitz movies', 'naïve bayes explained',
  '東京 ラーメン おすすめ', '北京 天气', 'привет мир', 'مرحبا بالعالم', 'नमस्ते', 'straße in münchen', 'istanbul otelleri',
  'İstanbul Havalimanı', '🍕 near me', 'best 🎧 for running', '¯\\_(ツ)_/¯ meaning', 'what does :-) mean',
  'emoji =) vs :)', 'he said "hello" and left', "it's a dog's life", "don't stop believin' lyrics", "rock 'n' roll",
  "'90s fashion trends", "5' 11\" in cm", '6\'2" basketball players', '3/4 cup to grams', '1/2 inch plywood',
  'w x h x d dimensions', '#1 best seller', 'hashtag #throwbackthursday', '@mentions not working', 'email@example.com login',
  'john.smith@gmail.com', '+1 (555) 123-4567', '221B Baker St, London NW1 6XE', 'P.O. Box 1234', 'apt #4b',
  'c/o john smith', 'the who - my generation', 'who let the dogs out', 'cat food for senior cats', 'ping pong table',
  'find my iphone', 'kill bill soundtrack', 'sleep 8 hours benefits', 'echo dot setup', 'touch screen not working',
  'more or less', 'head & shoulders shampoo', 'tail light replacement', 'type 2 diabetes diet', 'set of 6 glasses',
  'date night ideas', 'time zone converter', 'sort by price low to high', 'cut and paste on mac', 'top 10 movies 2023',
  'last minute deals', 'net worth of elon musk', 'dir en grey albums', 'ps5 controller', 'env file example',
  'curl hair without heat', 'bash birthday party ideas', 'python snake care', 'ruby ring gold', 'perl jam tour',
  'node red dashboard', 'id card renewal', 'ls swap kit', 'sh*t happens mug', 'wget vs curl', 'what is an http 404 error',
  'how to write a for loop', 'true or false quiz', 'null and void meaning', 'not equal sign', 'less than or equal to symbol',
  'select all that apply', 'union station chicago', 'the union jack flag', 'drop-down menu css', 'declare independence',
  'create account', 'alter ego meaning', 'truncate text css', 'grant application tips', 'shutdown timer windows',
  'waiting for delay at airport', 'sleeping bag', 'benchmark results gpu', 'sleep number bed', 'sys admin jobs',
  'information schema design', 'char siu pork', 'concat strings in excel', 'substring of a word', 'version 2.0 release notes',
  'database administrator salary', 'user guide pdf', 'having fun quotes', 'limit exceeded error', 'order 66', 'group chat names',
  'proto-indo-european', 'constructor salary', 'prototype meaning', 'entity framework tutorial', 'doctype html',
  'xml vs json', 'system requirements', 'public holidays 2024', 'javascript: the good parts', 'on the road again',
  'online shopping', 'one piece episode 1000', 'onion soup recipe', 'onboarding checklist', 'ongoing projects',
  'load balancing nginx', 'error 500 internal server error', 'focus group questions', 'blur background zoom',
  'mouse over text html', 'click and collect', 'submit button not working', 'reset password', 'key west hotels',
  'change oil frequency', 'toggle switch', 'scroll lock key', 'copy and paste', 'drag and drop upload', 'drop box alternative',
  'message in a bottle', 'play store', 'pause button', 'progress bar', 'search engine optimization', 'show me the money',
  'begin again lyrics', 'end of the world', 'start menu missing', 'finish line', 'repeat after me', 'bounce rate',
  'x-ray technician', 'nuclear power plant', 'hydra mythology', 'burp cloth pattern', 'zap bug light', 'nessus locations',
  'commix? no results', 'masscan?', 'nikto bicycle', 'gobuster?', 'arachnid vs insect',
  '-- best deals --', 'fifa 24 -- tips & tricks', "who's the #1 player?", 'choose 1, 2, or 3', 'between 1 and 5 stars',
  '100% cotton t-shirt', 'temp: 72°F', 'ratio 16:9', '10:30 am', 'chapter 3: the return', 'step 1: open the box',
  'mailto links', 'tel: links', 'https vs http', 'http://example.com not loading', 'www.wikipedia.org', 'bit.ly links',
  'the file is ../images/logo.png', 'path to folder', 'C:\\Users\\john\\Documents', '/usr/local/bin', '~/Downloads folder',
  'regex ^[a-z]+$', 'cron */5 * * * *', 'uuid 123e4567-e89b-12d3-a456-426614174000', 'sha256 checksum', 'base64 decode online',
  'jwt decoder', 'api key', 'oauth 2.0 flow', '${price} template literal', 'template {{name}} handlebars', 'vue {{ message }}',
  '$(document).ready', 'jquery $(this)', 'bash $HOME variable', 'powershell $env:PATH', 'percent sign %', 'hash # symbol',
  'x & y', 'tom&jerry', 'black&white photos', 'fish & chips', 'salt; pepper; oregano', 'pros; cons; verdict',
  'a|b testing', 'red | green | blue', 'this || that', 'rock && roll', 'wait... what?', 'and/or usage', 'either/or',
  '¿qué hora es?', '¡hola!', 'año nuevo', 'ça va', 'façade', 'smörgåsbord', 'ølbrygging', 'łódź', 'ďakujem',
];

const NAMES = [
  "O'Brien", "D'Angelo", "O'Neil", 'Mary-Jane Watson', 'José Álvarez', 'Zoë Saldaña', 'Jean-Luc Picard', "N'Golo Kanté",
  'Dr. Martin Luther King Jr.', 'Smith & Sons Ltd.', "L'Oréal Paris", "Shaquille O'Neal", "Conan O'Brien", "Sinéad O'Connor",
  "D'Artagnan", "Ma'ayan Cohen", 'Nguyễn Văn An', '山田 太郎', 'Иван Петров', 'محمد علي', 'Björk Guðmundsdóttir',
  'François-Xavier de la Tour', 'Anne-Marie O\'Sullivan', "Peter O'Toole", "Georgia O'Keeffe", 'Select Comfort Inc.',
  'Union Pacific', 'Drop Dead Gorgeous', 'Sleep Number', 'Order of the Phoenix', 'Group Delay Audio', 'Null Island Tours',
];

const PRODUCTS = [
  "Men's 100% cotton crew-neck tee -- soft, breathable & pre-shrunk. Machine wash cold.",
  'Stainless steel water bottle (32 oz) keeps drinks cold for 24 hrs / hot for 12 hrs. BPA-free lid.',
  "Kids' bike helmet, size S (48-54 cm). CPSC certified; adjustable dial & 14 vents.",
  'Wireless earbuds w/ noise cancelling. Up to 8h playback (32h with case). IPX4 splash-resistant.',
  'Oak dining table 72" x 36" -- seats 6. Assembly required (tools included).',
  'Non-stick frying pan, 10-inch. Oven safe up to 500°F. Works on gas, electric & induction.',
  "Women's trail running shoes: grippy outsole, 8mm drop, 10.2 oz (women's size 8).",
  'Smart thermostat -- learns your schedule; saves up to 23% on heating & cooling.',
  'LEGO set #10497 "Galaxy Explorer" (1,254 pieces). Ages 18+.',
  'Organic dark chocolate 85% cocoa, 3.5 oz bar. Fair-trade; no added soy.',
  'Laptop stand, aluminium; fits 10"-17" laptops. Height adjustable from 2.2" to 6.7".',
  'Select from 12 colours. Union-made in the USA. Drop-shipped within 2 business days.',
  "Best seller! Rated 4.8/5 by 2,310 customers. \"Exactly what I needed\" -- Sarah K.",
  'USB-C hub 7-in-1: HDMI 4K@60Hz, 2x USB-A 3.0, SD/microSD, 100W PD pass-through.',
  'Vintage 1990s denim jacket; small tear on left cuff (see photo #3). Sold as-is.',
  'Queen size sheet set, 400 thread count. Deep pockets fit mattresses up to 16".',
  'Price: $129.99 (was $179.99) -- save $50! Free shipping on orders > $35.',
  'Cordless drill 20V MAX, 2 batteries + charger. Torque: 300 in-lbs; 0-450 / 0-1,500 RPM.',
];

const REVIEWS = [
  "Honestly the best purchase I've made this year. It's sturdy, it's pretty, and it didn't break the bank!",
  "Don't waste your money. Broke after 2 weeks & customer service won't respond. 1/5 -- avoid.",
  "I'd give it 4 stars: works great but the app is clunky. Update: they fixed the app, now 5 stars <3",
  "Bought this for my son's birthday; he loves it. Shipping took a while though (10 days).",
  'Fits true to size. I usually wear a M and the M fits perfectly. Colour is a bit darker than the photo.',
  'Arrived damaged :( but the replacement came in 2 days. Great support from Chris & the team!',
  "Works with my 2019 MacBook Pro and my wife's Dell XPS. Select the 'USB-C' option, not 'Thunderbolt'.",
  'Meh. It does the job, nothing more. For $15 what did I expect?',
  "The instructions say to 'drop the table legs into the slots' -- easier said than done. Took me 2 hours.",
  'A+++ would buy again!!! 10/10 #happycustomer',
  "Great value. Compared to the $200 one from the store, it's 90% as good at 1/4 of the price.",
  "If you're between sizes, order up. I'm 5'9\" and 160 lbs; the L was perfect.",
  'Note to others: the "union" fitting is 3/4", not 1/2". Check before ordering!',
  'Love it!!! 😍😍😍 Already ordered another one for my mum.',
  "It's OK. Battery life is less than advertised (6h vs 8h). Sound is good, bass is a bit weak.",
  "My cat won't leave it alone lol. 5 stars from him, 4 from me.",
  'Good -- but not great. The select button sticks sometimes; otherwise fine.',
  "Je l'adore ! Très bonne qualité, livraison rapide. Merci !",
  'Sehr gut verarbeitet, schnelle Lieferung. Gerne wieder!',
  'とても使いやすいです。また買いたいです。',
];

const MARKDOWN_POSTS = [
  "## Question\n\nI'm trying to select all users who signed up in May. This is what I have:\n\n```sql\nSELECT id, email FROM users WHERE created_at >= '2024-05-01';\n```\n\nBut it's slow on 10M rows. Any ideas?",
  "Hi all,\n\nQuick tip for anyone using `Array.prototype.sort`: it sorts strings by default, so `[10, 9, 1].sort()` gives `[1, 10, 9]`. Pass a comparator:\n\n```js\nconst sorted = nums.sort((a, b) => a - b);\n```",
  "Thanks @maria for the review! I've updated the PR:\n\n- renamed `getUser()` to `findUser()`\n- added tests for the O'Brien edge case\n- fixed the typo in README",
  "### Steps to reproduce\n\n1. Open the app\n2. Click **Settings** > **Account**\n3. Change name to `D'Angelo`\n4. Save\n\nExpected: saved. Actual: error 500.",
  "You can use a list comprehension:\n\n```python\nsquares = [x * x for x in range(10) if x % 2 == 0]\nprint(squares)\n```\n\nIt's more pythonic than a for loop.",
  "Re: the union vs union all question -- UNION removes duplicates (so it sorts), UNION ALL doesn't. Use UNION ALL if you know there are no dupes.",
  "Install with `npm install --save-dev typescript` and then run `npx tsc --init`.",
  "> Is it safe to store the JWT in localStorage?\n\nShort answer: prefer an httpOnly cookie. Longer answer below...",
  "Here's my nginx config:\n\n```nginx\nlocation /api/ {\n  proxy_pass http://backend;\n  proxy_set_header Host $host;\n}\n```",
  "TL;DR: it's a DNS issue. Flush the cache (`ipconfig /flushdns` on Windows) and it'll work.",
  "Use `git rebase -i HEAD~3` to squash the last three commits. Be careful if you've already pushed!",
  "The formula is simple: if a < b and b < c then a < c. That's transitivity.",
  "I <3 this community. You folks helped me go from 0 to my first job in 8 months!",
  "Does anyone know why `1 == '1'` is true in JS but `1 === '1'` is false? (I know, I know, coercion...)",
  "Changelog v2.3.0:\n\n* feat: dark mode (#412)\n* fix: crash when name contains an apostrophe (#398)\n* chore: bump deps",
  "For the record: DROP is irreversible, so always take a backup first. `pg_dump mydb > backup.sql` is your friend.",
  "Meeting notes 05/07:\n- Q2 numbers: revenue +12% QoQ\n- Hiring: 2 backend, 1 designer\n- Action items -> Tom & Priya",
  "Can't get `docker compose up` to work; it says port 5432 is in use. I'm on macOS 14.4 with Postgres.app running.",
];

const HTML_SNIPPETS = [
  '<p>Hello <strong>world</strong>! Check out <a href="https://www.example.com/blog" target="_blank" rel="noopener">our blog</a>.</p>',
  '<h2>Shipping</h2><ul><li>Free over $35</li><li>Returns within 30 days</li></ul>',
  '<p><img src="https://cdn.example.com/uploads/2024/05/photo.jpg" alt="Our new store" width="600"></p>',
  '<p>Watch the video:</p><iframe width="560" height="315" src="https://www.youtube.com/embed/dQw4w9WgXcQ" title="YouTube video player" frameborder="0" allowfullscreen></iframe>',
  '<p><span style="color: #e03e2d;">Sale ends Sunday!</span></p>',
  '<blockquote>Simplicity is prerequisite for reliability.</blockquote><p>&mdash; Edsger W. Dijkstra</p>',
  '<table><thead><tr><th>Size</th><th>Chest (in)</th></tr></thead><tbody><tr><td>M</td><td>38-40</td></tr></tbody></table>',
  '<p>Use &lt;code&gt; tags for inline code &amp; &lt;pre&gt; for blocks.</p>',
  '<p>Q&amp;A with our CEO &mdash; Friday 3pm</p><br/><p>RSVP by email.</p>',
];

const XML_BODIES = [
  '<?xml version="1.0" encoding="UTF-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><GetPrice xmlns="http://example.com/stock"><Item>Apples</Item></GetPrice></soap:Body></soap:Envelope>',
  '<?xml version="1.0" encoding="UTF-8" standalone="no"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd"><svg xmlns="http://www.w3.org/2000/svg" width="24" height="24" viewBox="0 0 24 24"><path d="M12 2L2 7l10 5 10-5-10-5z"/></svg>',
  '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd"><html xmlns="http://www.w3.org/1999/xhtml"><head><title>Invoice</title></head><body><p>Total: $42.00</p></body></html>',
  '<?xml version="1.0"?><rss version="2.0"><channel><title>Example Blog</title><link>https://www.example.com/</link><item><title>Tips &amp; tricks</title></item></channel></rss>',
  '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://www.example.com/</loc><lastmod>2024-05-01</lastmod></url></urlset>',
  '<?xml version="1.0" encoding="UTF-8"?><order><id>1042</id><customer>O\'Brien</customer><total currency="EUR">19.90</total></order>',
  '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Report</title></head><body><h1>Q1 report</h1></body></html>',
];

const REDIRECT_TARGETS = [
  '/dashboard', '/account/orders', '/checkout?step=2', '/', 'https://www.example.com/account', 'https://github.com/login',
  'https://app.example.org/oauth/callback', 'https://accounts.google.com/o/oauth2/v2/auth', 'https://en.wikipedia.org/wiki/SQL_injection',
  'https://owasp.org/www-community/attacks/xss/', 'https://docs.python.org/3/library/os.html#os.system', 'https://www.example.com/search?q=o%27brien',
  'https://shop.example.com/products/red-shoes?utm_source=newsletter&utm_medium=email', 'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
  'https://example.com/path/with/%20spaces%20encoded', 'https://login.microsoftonline.com/common/oauth2/v2.0/authorize',
  'ftp://ftp.gnu.org/gnu/', 'https://203.0.113.10/status', 'http://example.org/', 'https://news.ycombinator.com/item?id=40000000',
];

const PATHS = [
  '/', '/about', '/contact', '/products', '/products/red-running-shoes-size-10', '/products/12345', '/category/mens/shoes',
  '/blog/2024/05/how-to-cook-o%27brien-potatoes', '/blog/why-we-select-postgres', '/blog/union-station-renovation',
  '/u/%E5%B1%B1%E7%94%B0', '/wiki/C%2B%2B', '/wiki/Rock_%26_roll', '/files/report%20final%20(2).pdf', '/@jane_doe',
  '/~alice/', '/.well-known/openid-configuration', '/.well-known/security.txt', '/.well-known/apple-app-site-association',
  '/robots.txt', '/favicon.ico', '/sitemap.xml', '/static/js/main.3f2a1b9c.js', '/static/css/app.8e1d.css',
  '/images/photo_2023-10-01.jpg', '/fonts/Inter-Regular.woff2', '/api/v1/users/12345', '/api/v1/orders?status=open',
  '/api/v2/items/9f1c2a3b-4d5e-6f70-8192-a3b4c5d6e7f8', '/api/items;jsessionid=ABC123DEF456', '/en-us/docs/Web/JavaScript/Reference/Operators/Logical_OR',
  '/search', '/cart', '/checkout', '/account/settings', '/login', '/logout', '/signup', '/health', '/healthz', '/metrics',
  '/graphql', '/wp-json/wp/v2/posts', '/feeds/rss.xml', '/manifest.webmanifest', '/service-worker.js', '/apple-touch-icon.png',
  '/docs/getting-started/', '/docs/api/reference#section-3', '/s/2024/05/06/hello-world.html', '/r/programming/comments/abc123/',
  '/products/caf%C3%A9-au-lait-mug', '/tags/c%23', '/tags/.net', '/v/1.2.3/download', '/downloads/app-1.2.3.dmg',
  '/dir/sub.dir/file.name.ext', '/api/v1/files/report.final.v2.pdf', '/assets/vendor.bundle.min.js.map',
];

const TEXT_FIELDS = [
  'Please deliver to the back door; the front gate is locked after 6pm.', 'Leave at the door, thanks!',
  "Gift for my mom's 60th -- please don't include the receipt.", 'Call me at +44 20 7946 0958 if there are any issues.',
  'Apt. 4B, ring twice', 'Fragile!!! Handle with care <3', 'N/A', '-', '...', 'TBD', 'See attached (invoice #2024-0042).',
  "We're a team of 5 & growing fast. Looking for a tool that integrates w/ Slack + Jira.", 'Hello, I would like a refund for order #4521.',
  "Hi! I can't log in since the update -- it says 'invalid token'. Tried clearing cookies; didn't help.",
  'Is there a student discount? I have a .edu address.', 'Size chart says M = 38-40" chest; is that accurate?',
  'Can you ship to Côte d\'Ivoire?', 'Lorem ipsum dolor sit amet, consectetur adipiscing elit.', 'yes', 'no', 'maybe later',
];

const PASSWORDS = ['P@ssw0rd!', 'hunter2', 'correct horse battery staple', 'p4$$w0rd', 'Tr0ub4dor&3', "my'pass\"word", '--secret--',
  '<>!@#$%^&*()', 'S3cure#Pass;2024', 'letmein123', 'Zx9!kL2@pQ', 'ümlaut-Passwört', '1234567890', "O'Reilly1!", 'a|b|c|d',
  'semi;colon', 'x=y&z=w', 'Passw0rd--', "admin's-pass", 'p@ss word with spaces'];

const EMAILS = ['jane.doe@example.com', "o'brien@example.ie", 'john+shop@gmail.com', 'first.last@sub.example.co.uk',
  'user_123@example.org', 'a@b.io', 'sales@acme-corp.example', 'müller@example.de', 'x@example.com'];

const LONG_TEXT = 'The quick brown fox jumps over the lazy dog. ' +
  "We've been using this product for three years now and it's been rock solid -- no outages, no data loss, and the support team " +
  'has been responsive every time we reached out (usually within an hour). The only downside: pricing went up 20% this year, ' +
  "which hurts for a small team like ours. Still, we'd select it again over the alternatives. Pros: speed, reliability, docs. " +
  "Cons: price; the UI for managing users & groups is clunky; exporting reports to CSV drops the timezone. Overall 4/5. ";

function query(...pairs: [string, string][]): Record<string, string> {
  const q: Record<string, string> = {};
  for (const [k, v] of pairs) q[k] = v;
  return q;
}

function browser(method: string, path: string, extra: Record<string, string> = {}): CorpusEntry {
  const agent = pick(rand, BROWSER_AGENTS);
  const headers = browserHeaders(agent, rand, extra);
  if (rand() < 0.5) {
    headers.referer = pick(rand, [
      'https://www.google.com/', 'https://www.google.com/search?q=o%27brien+family+recipes', 'https://www.bing.com/search?q=select+a+plan',
      'https://shop.example.com/', 'https://shop.example.com/products?sort=price_asc', 'https://t.co/AbCdEf123', 'https://duckduckgo.com/',
      'https://www.facebook.com/', 'https://news.ycombinator.com/', 'https://www.reddit.com/r/webdev/', 'https://shop.example.com/search?q=men%27s+shoes',
      'android-app://com.google.android.gm/', 'https://mail.google.com/', 'https://www.example.com/blog/union-vs-union-all',
    ]);
  }
  return { label: 'benign', note: '', method, path, query: {}, headers, cookies: siteCookies(rand) };
}

function client(method: string, path: string, agents: readonly string[] = CLIENT_AGENTS, extra: Record<string, string> = {}): CorpusEntry {
  const headers = clientHeaders(pick(rand, agents), rand, extra);
  return { label: 'benign', note: '', method, path, query: {}, headers, cookies: {} };
}

function utm(q: Record<string, string>): void {
  if (rand() < 0.2) {
    q.utm_source = pick(rand, ['newsletter', 'google', 'facebook', 'twitter']);
    q.utm_medium = pick(rand, ['email', 'cpc', 'social']);
    q.utm_campaign = pick(rand, ['spring_sale_2024', 'black-friday', 'welcome series']);
  }
  if (rand() < 0.1) q.gclid = 'Cj0KCQjw' + b64(rand, 40).replace(/[+/]/g, '_');
  if (rand() < 0.08) q.fbclid = 'IwAR' + b64(rand, 44).replace(/[+/]/g, '-');
}

const generators: (() => CorpusEntry)[] = [
  // Site search.
  () => {
    const e = browser('GET', pick(rand, ['/search', '/s', '/api/search', '/products/search']));
    e.query = query(['q', pick(rand, SEARCHES)]);
    if (rand() < 0.4) e.query.page = String(1 + Math.floor(rand() * 5));
    if (rand() < 0.3) e.query.sort = pick(rand, ['relevance', 'price_asc', 'price_desc', 'newest', '-created_at']);
    utm(e.query);
    e.note = 'site search';
    return e;
  },
  // Shop browsing with filters (bracket keys as qs and JSON:API use them).
  () => {
    const e = browser('GET', pick(rand, ['/products', '/category/shoes', '/api/v1/products', '/collections/summer']));
    e.query = query(['filter[brand]', pick(rand, ['nike', 'adidas', "levi's", 'h&m', 'dr. martens'])], ['filter[price][gte]', '10'],
      ['filter[price][lte]', String(50 + Math.floor(rand() * 200))], ['page[size]', '24'], ['page[number]', '2']);
    if (rand() < 0.5) e.query.fields = 'id,name,price,images';
    if (rand() < 0.3) e.query.include = 'brand,reviews.author';
    if (rand() < 0.3) e.query['sizes[]'] = pick(rand, ['S', 'M', 'L', '10', '10.5']);
    e.note = 'catalogue filters';
    return e;
  },
  // Product pages and static assets.
  () => {
    const e = browser('GET', pick(rand, PATHS));
    if (rand() < 0.3) e.query = query(['v', hex(rand, 8)]);
    e.note = 'page or asset';
    return e;
  },
  // OAuth / login redirects with public URLs.
  () => {
    const e = browser('GET', pick(rand, ['/login', '/oauth/authorize', '/auth/callback', '/out', '/redirect']));
    const target = pick(rand, REDIRECT_TARGETS);
    const param = pick(rand, ['next', 'redirect', 'redirect_uri', 'return_to', 'url', 'continue', 'callback']);
    e.query = query([param, target]);
    if (param === 'redirect_uri') {
      e.query.client_id = hex(rand, 16);
      e.query.response_type = 'code';
      e.query.scope = 'openid profile email';
      e.query.state = b64(rand, 22).replace(/[+/]/g, '_');
      e.query.code_challenge = b64(rand, 43).replace(/[+/]/g, '-');
      e.query.code_challenge_method = 'S256';
    }
    e.note = 'redirect to public URL';
    return e;
  },
  // Login and signup forms.
  () => {
    const e = browser('POST', pick(rand, ['/login', '/signup', '/account/password']), { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://www.example.com' });
    e.body = { email: pick(rand, EMAILS), password: pick(rand, PASSWORDS), remember: 'on', _csrf: b64(rand, 32).replace(/[+/]/g, 'x') };
    if (rand() < 0.3) (e.body as Record<string, string>).name = pick(rand, NAMES);
    e.note = 'login or signup form';
    return e;
  },
  // Contact / checkout forms.
  () => {
    const e = browser('POST', pick(rand, ['/contact', '/checkout/address', '/support/ticket']), { 'content-type': 'application/x-www-form-urlencoded' });
    e.body = {
      name: pick(rand, NAMES),
      email: pick(rand, EMAILS),
      phone: pick(rand, ['+1 (555) 123-4567', '+44 20 7946 0958', '030 12345678', '555.123.4567']),
      address: pick(rand, ['221B Baker St, London NW1 6XE', '1600 Amphitheatre Pkwy, Mountain View, CA 94043', 'Apt #4, 12 Rue de l\'Église, 75001 Paris', 'P.O. Box 1234, Anchorage, AK 99501', 'c/o Smith & Sons, 1 Main St.']),
      message: pick(rand, TEXT_FIELDS),
    };
    e.note = 'contact or checkout form';
    return e;
  },
  // JSON API: profiles, orders, comments.
  () => {
    const e = client(pick(rand, ['POST', 'PUT', 'PATCH']), pick(rand, ['/api/v1/profile', '/api/v1/orders', '/api/v1/comments', '/api/v1/reviews']), CLIENT_AGENTS, { 'content-type': 'application/json' });
    const kind = Math.floor(rand() * 4);
    if (kind === 0) {
      e.body = { name: pick(rand, NAMES), email: pick(rand, EMAILS), bio: pick(rand, REVIEWS), website: pick(rand, REDIRECT_TARGETS), preferences: { newsletter: rand() < 0.5, theme: 'dark', locale: 'en-GB' } };
    } else if (kind === 1) {
      e.body = {
        orderId: 'ORD-' + hex(rand, 8).toUpperCase(), currency: pick(rand, ['USD', 'EUR', 'GBP', 'JPY']),
        items: [{ sku: 'SKU-' + hex(rand, 6), name: pick(rand, PRODUCTS), price: '$' + (rand() * 200).toFixed(2), qty: 1 + Math.floor(rand() * 3) }],
        total: { amount: Math.round(rand() * 50000) / 100, display: '$' + (rand() * 500).toFixed(2) }, discount: '15%', note: pick(rand, TEXT_FIELDS),
        shipping: { name: pick(rand, NAMES), line1: '1 Main St.', city: pick(rand, ['Dublin', 'Zürich', 'São Paulo', 'New York']) },
      };
    } else if (kind === 2) {
      e.body = { postId: Math.floor(rand() * 1e6), body: pick(rand, MARKDOWN_POSTS), format: 'markdown', mentions: ['@maria', '@tom'] };
    } else {
      e.body = { rating: 1 + Math.floor(rand() * 5), title: pick(rand, SEARCHES), text: pick(rand, REVIEWS), author: pick(rand, NAMES) };
    }
    e.note = 'JSON API write';
    return e;
  },
  // Analytics beacons with $-prefixed keys (PostHog/Mixpanel style) and JSON schema documents.
  () => {
    if (rand() < 0.6) {
      const e = browser('POST', pick(rand, ['/e/', '/batch/', '/track']), { 'content-type': 'application/json' });
      e.body = {
        event: pick(rand, ['$pageview', '$autocapture', 'checkout_started', 'search_performed']),
        properties: {
          $current_url: 'https://shop.example.com/products?q=' + encodeURIComponent(pick(rand, SEARCHES)), $browser: 'Chrome', $os: 'Mac OS X',
          $screen_height: 1117, $screen_width: 1728, $referrer: 'https://www.google.com/', distinct_id: hex(rand, 16), $lib: 'web', $lib_version: '1.130.1',
          $set: { email: pick(rand, EMAILS), name: pick(rand, NAMES) }, $set_once: { $initial_referrer: '$direct' }, token: 'phc_' + b64(rand, 40).replace(/[+/]/g, 'a'),
        },
        timestamp: '2024-05-06T10:14:03.123Z',
      };
      e.note = 'analytics event';
      return e;
    }
    const e = client('PUT', '/api/v1/schemas/order', CLIENT_AGENTS, { 'content-type': 'application/schema+json' });
    e.body = {
      $schema: 'https://json-schema.org/draft/2020-12/schema', $id: 'https://example.com/order.schema.json', title: 'Order', type: 'object',
      properties: { id: { type: 'string', pattern: '^ORD-[A-F0-9]{8}$' }, total: { $ref: '#/$defs/money' }, status: { enum: ['open', 'paid', 'shipped'] } },
      $defs: { money: { type: 'object', properties: { amount: { type: 'number', minimum: 0 }, currency: { type: 'string', pattern: '^[A-Z]{3}$' } } } },
      required: ['id', 'total'],
    };
    e.note = 'JSON schema document';
    return e;
  },
  // GraphQL (Hasura / Apollo).
  () => {
    const e = client('POST', '/graphql', CLIENT_AGENTS, { 'content-type': 'application/json' });
    e.body = pick(rand, [
      { query: 'query GetUser($id: ID!) { user(id: $id) { id name email orders(first: 10) { edges { node { id total } } } } }', variables: { id: String(Math.floor(rand() * 1e5)) } },
      { query: 'query Users($where: users_bool_exp, $limit: Int) { users(where: $where, limit: $limit, order_by: {created_at: desc}) { id name } }', variables: { where: { name: { _ilike: '%brien%' } }, limit: 20 } },
      { query: 'mutation AddComment($postId: ID!, $body: String!) { addComment(postId: $postId, body: $body) { id } }', variables: { postId: '42', body: pick(rand, REVIEWS) } },
      { operationName: 'Search', query: 'query Search($q: String!, $in: [String!]) { search(q: $q, in: $in) { __typename ... on Product { id name } } }', variables: { q: pick(rand, SEARCHES), in: ['products', 'articles'] } },
    ]);
    e.note = 'GraphQL request';
    return e;
  },
  // Rich-text editor content and markdown.
  () => {
    if (rand() < 0.5) {
      const e = browser('POST', '/api/v1/posts', { 'content-type': 'application/json' });
      e.body = { title: pick(rand, SEARCHES), html: pick(rand, HTML_SNIPPETS) + pick(rand, HTML_SNIPPETS), draft: rand() < 0.5 };
      e.note = 'rich-text HTML';
      return e;
    }
    const e = browser('POST', '/api/v1/comments', { 'content-type': 'text/markdown' });
    e.body = pick(rand, MARKDOWN_POSTS);
    e.note = 'markdown text body';
    return e;
  },
  // XML integrations.
  () => {
    const e = client('POST', pick(rand, ['/soap', '/api/v1/import', '/feeds/import', '/api/v1/avatar']), CLIENT_AGENTS, { 'content-type': 'application/xml' });
    e.body = pick(rand, XML_BODIES);
    e.note = 'XML body';
    return e;
  },
  // Webhooks.
  () => {
    const e = client('POST', pick(rand, ['/webhooks/stripe', '/webhooks/github', '/webhooks/slack']), ['Stripe/1.0 (+https://stripe.com/docs/webhooks)', 'GitHub-Hookshot/8f2ad4c', 'Slackbot 1.0 (+https://api.slack.com/robots)'], { 'content-type': 'application/json' });
    e.headers['x-hub-signature-256'] = 'sha256=' + hex(rand, 64);
    e.body = pick(rand, [
      { id: 'evt_' + b64(rand, 24).replace(/[+/]/g, 'Q'), type: 'checkout.session.completed', data: { object: { amount_total: 4999, currency: 'usd', customer_details: { email: pick(rand, EMAILS), name: pick(rand, NAMES) }, success_url: 'https://shop.example.com/thanks?session_id={CHECKOUT_SESSION_ID}' } } },
      { ref: 'refs/heads/main', head_commit: { message: pick(rand, ["Fix: don't crash on O'Brien; handle <3 in names", 'feat: add UNION ALL support to query builder', 'chore(deps): bump lodash from 4.17.20 to 4.17.21', 'Revert "drop legacy table"\n\nThis reverts commit 3f2a1b9.']), author: { name: pick(rand, NAMES), email: pick(rand, EMAILS) }, url: 'https://github.com/example/repo/commit/' + hex(rand, 40) } },
      { token: b64(rand, 24), team_id: 'T' + hex(rand, 8).toUpperCase(), event: { type: 'message', text: pick(rand, ['Deploy done :rocket:', 'Can someone review <https://github.com/example/repo/pull/42|#42>?', 'lunch? 🍕', 'the select box is broken on Safari again -- see <#C012AB3CD|frontend>']), user: 'U' + hex(rand, 8).toUpperCase() } },
    ]);
    e.note = 'webhook delivery';
    return e;
  },
  // Mobile app API calls.
  () => {
    const e = client(pick(rand, ['GET', 'POST']), pick(rand, ['/api/v3/feed', '/api/v3/me', '/api/v3/cart/items', '/api/v3/devices']), ['ShopApp/4.12.0 (iPhone; iOS 17.4.1; Scale/3.00)', 'ShopApp/4.11.2 (com.example.shop; build:4112; Android 13) okhttp/4.11.0', 'Acme%20Notes/212 CFNetwork/1494.0.7 Darwin/23.4.0', 'Dart/3.3 (dart:io)']);
    e.headers['x-device-id'] = hex(rand, 8) + '-' + hex(rand, 4) + '-' + hex(rand, 4) + '-' + hex(rand, 4) + '-' + hex(rand, 12);
    e.headers['x-app-version'] = '4.12.0 (4120)';
    e.headers['x-forwarded-for'] = pick(rand, ['203.0.113.7', '10.0.3.17, 203.0.113.7', '192.168.1.23, 198.51.100.4, 10.1.0.2', '2001:db8::1']);
    if (e.method === 'POST') {
      e.headers['content-type'] = 'application/json';
      e.body = { pushToken: hex(rand, 64), platform: pick(rand, ['ios', 'android']), locale: 'en_US', timezone: 'America/New_York', model: pick(rand, ['iPhone15,2', 'Pixel 8', 'SM-S918B']) };
    } else {
      e.query = query(['cursor', b64(rand, 20)], ['limit', '20']);
    }
    e.note = 'mobile app';
    return e;
  },
  // Crawlers, uptime checks and health probes.
  () => {
    const e = client('GET', pick(rand, PATHS), BOT_AGENTS);
    delete e.headers.authorization;
    if (rand() < 0.3) e.headers.from = 'googlebot(at)googlebot.com';
    e.note = 'crawler or probe';
    return e;
  },
  // Miscellaneous API reads with tokens, ids, base64 and long text.
  () => {
    const e = client('GET', pick(rand, ['/api/v1/export', '/api/v1/reports', '/api/v1/files', '/api/v1/users']));
    e.query = pick(rand, [
      query(['token', b64(rand, 64)]),
      query(['jwt', 'eyJhbGciOiJSUzI1NiIsImtpZCI6IjEifQ.' + b64(rand, 80).replace(/[+/]/g, '_') + '.' + b64(rand, 86).replace(/[+/]/g, '-')]),
      query(['ids', '1,2,3,45,678'], ['fields', 'id,name,email,created_at']),
      query(['from', '2024-01-01T00:00:00Z'], ['to', '2024-05-06T23:59:59+02:00'], ['tz', 'Europe/Berlin']),
      query(['cron', '*/5 * * * *'], ['name', 'nightly backup (db & files)']),
      query(['pattern', '^[A-Z]{3}-\\d{4}$'], ['flags', 'i']),
      query(['path', 'src/components/Button.tsx'], ['ref', 'main']),
      query(['path', '/home/jane/projects/app/README.md']),
      query(['dir', 'C:\\Users\\jane\\Documents\\Reports 2024']),
      query(['hash', hex(rand, 64)], ['algo', 'sha256']),
      query(['data', b64(rand, 200)]),
      query(['sig', b64(rand, 43)], ['expires', String(1715000000 + Math.floor(rand() * 1e6))]),
      query(['q', LONG_TEXT]),
      query(['email', pick(rand, EMAILS)], ['name', pick(rand, NAMES)]),
      query(['amount', '$1,299.00'], ['currency', 'USD'], ['note', 'Payment for invoice #2024-0042 (net 30)']),
      query(['lat', '51.5074'], ['lng', '-0.1278'], ['radius', '5km']),
      query(['ip', '192.168.1.20'], ['mask', '255.255.255.0']),
      query(['version', '>=1.2.3 <2.0.0'], ['pkg', '@types/node']),
      query(['expr', '(a + b) * c / 2'], ['vars', 'a=1;b=2;c=3']),
      query(['select', 'name,email'], ['order', 'created_at.desc'], ['limit', '25'], ['offset', '50']),
      query(['where', 'status=eq.active'], ['and', '(age.gte.18,age.lte.65)']),
    ]);
    e.note = 'API read';
    return e;
  },
  // Long text bodies.
  () => {
    const e = browser('POST', pick(rand, ['/api/v1/feedback', '/api/v1/notes']), { 'content-type': 'application/json' });
    let body = '';
    const n = 2 + Math.floor(rand() * 8);
    for (let i = 0; i < n; i++) body += pick(rand, [LONG_TEXT, ...REVIEWS, ...TEXT_FIELDS]) + (rand() < 0.3 ? '\n\n' : ' ');
    e.body = { subject: pick(rand, SEARCHES), body, attachments: rand() < 0.3 ? [{ name: 'screenshot.png', data: 'data:image/png;base64,' + b64(rand, 300) }] : [] };
    e.note = 'long text';
    return e;
  },
  // Cookie-heavy page loads and AJAX with custom headers.
  () => {
    const e = browser('GET', pick(rand, PATHS), { 'x-requested-with': 'XMLHttpRequest', 'x-csrf-token': b64(rand, 40) });
    e.headers['x-client-version'] = pick(rand, ['2.3.1', 'web@2024.05.06-3f2a1b9', '1.0.0-beta.3+exp.sha.5114f85']);
    e.headers.traceparent = '00-' + hex(rand, 32) + '-' + hex(rand, 16) + '-01';
    if (rand() < 0.5) e.headers['x-forwarded-for'] = pick(rand, ['203.0.113.7', '10.0.3.17, 203.0.113.7', '172.16.4.2']);
    e.note = 'AJAX with custom headers';
    return e;
  },
];

// Round 2: more shapes from real traffic, added after the first evaluation.
const IN_APP_AGENTS = [
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV/460.0.0.35.109;FBBV/585032193;FBDV/iPhone14,5;FBMD/iPhone;FBSN/iOS;FBSV/17.4;FBSS/3;FBID/phone;FBLC/en_US;FBOP/5;FBRV/587654321]',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 330.0.0.40.92 (iPhone14,5; iOS 17_4; en_US; en; scale=3.00; 1170x2532; 600000000)',
  'Mozilla/5.0 (Linux; Android 13; SM-S918B Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/124.0.6367.82 Mobile Safari/537.36 [FB_IAB/FB4A;FBAV/460.0.0.48.109;]',
  'Mozilla/5.0 (Windows NT 6.1; WOW64; Trident/7.0; rv:11.0) like Gecko',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 OPR/109.0.0.0',
  'Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/24.0 Chrome/117.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) GSA/315.0.630091404 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; U; Android 11; en-US; RMX2185 Build/RP1A.201005.001) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/78.0.3904.108 UCBrowser/13.4.0.1306 Mobile Safari/537.36',
  'Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
  'Mozilla/5.0 (PlayStation; PlayStation 5/2.26) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/13.0 Safari/605.1.15',
  'Mozilla/5.0 (SMART-TV; LINUX; Tizen 6.0) AppleWebKit/537.36 (KHTML, like Gecko) 76.0.3809.146/6.0 TV Safari/537.36',
];

const QUERY_LANGUAGES: Record<string, string>[] = [
  { $filter: "Name eq 'O''Brien' and Price gt 20", $orderby: 'Price desc', $top: '10', $select: 'Name,Price' },
  { $filter: "startswith(CompanyName,'Alfr') or Country eq 'Germany'", $expand: 'Orders($select=OrderID)', $count: 'true' },
  { $search: '"blue jeans" OR denim', $skip: '20' },
  { select: '*,orders(*)', or: '(age.lt.18,age.gt.21)', order: 'created_at.desc.nullslast' },
  { q: 'title:(quick OR brown) AND author:"o\'brien"', size: '20', from: '40' },
  { jql: 'project = ABC AND status = "In Progress" AND assignee in (currentUser()) ORDER BY created DESC', maxResults: '50' },
  { query: 'SELECT name, price FROM products WHERE category = \'books\' LIMIT 10', format: 'json' },
  { q: 'repo:example/app is:pr is:open label:"good first issue"' },
  { filter: 'created_at > 2024-01-01 AND (status = open OR status = pending)', sort: '-updated_at' },
  { where: '{"score":{"gte":1000},"playerName":"Sean Plott"}', limit: '10' },
  { sql: "select count(*) from events where type = 'click' and ts >= now() - interval '1 day'" },
];

const PACKAGE_JSON = {
  name: 'example-app', version: '1.4.2', private: true,
  scripts: {
    build: 'rm -rf dist && tsc -p tsconfig.build.json', test: 'jest --coverage | tee coverage.txt', lint: 'eslint . --ext .ts,.tsx',
    start: 'node dist/server.js', 'db:migrate': 'knex migrate:latest; echo migrated', postinstall: 'husky install || true',
  },
  dependencies: { express: '^4.19.2', pg: '^8.11.5', lodash: '^4.17.21' },
};

const CRASH_REPORTS = [
  { app: 'Acme Desktop', version: '3.2.1', os: 'Windows 11 Pro 23H2', module: 'C:\\Windows\\System32\\ntdll.dll', path: 'C:\\Users\\jane\\AppData\\Local\\Acme\\app-3.2.1\\Acme.exe', stack: ['at Renderer.paint (C:\\Program Files\\Acme\\resources\\app.asar\\dist\\renderer.js:1:20833)', 'at process.processTicksAndRejections (node:internal/process/task_queues:95:5)'] },
  { app: 'Acme Desktop', version: '3.2.0', os: 'macOS 14.4.1', path: '/Applications/Acme.app/Contents/MacOS/Acme', stack: ['TypeError: Cannot read properties of undefined (reading \'select\')', '    at /Applications/Acme.app/Contents/Resources/app.asar/dist/main.js:2:1337'] },
  { service: 'worker', level: 'error', msg: 'query failed: syntax error at or near "ORDER"', sql: 'SELECT id FROM jobs WHERE state = $1 ORDER BY priority DESC LIMIT $2', params: ['queued', 10] },
  { level: 'warn', msg: "User O'Brien (id=42) tried to delete order #1042 twice; ignoring", ts: '2024-05-06T10:14:03.123Z' },
];

const COOKIE_EXTRAS: Record<string, string>[] = [
  { __utmz: '123456789.1715000000.1.1.utmcsr=google|utmccn=(organic)|utmcmd=organic|utmctr=(not provided)' },
  { mp_0123456789abcdef_mixpanel: '{"distinct_id": "18f2a1c3b4d-0a1b2c3d", "$device_id": "18f2a1c3b4d-0a1b2c3d", "$initial_referrer": "$direct", "$initial_referring_domain": "$direct", "$search_engine": "google"}' },
  { wordpress_logged_in_5c3f: 'jane|1715086403|kOq2bX8y9ZpTnWvR3sL7mA1cE4dF6gH0|5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f' },
  { _hjSessionUser_1234567: 'eyJpZCI6IjVmMzRkOWEyLWIxYzMtNTk4Ny1hZGVmLTBmOWE4YjdjNmQ1ZSIsImNyZWF0ZWQiOjE3MTUwMDAwMDAwMDAsImV4aXN0aW5nIjp0cnVlfQ==' },
  { '__Secure-next-auth.session-token': 'eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..' + 'k3J9x0aZbQ_ZxY1w.Qm9keSBvZiB0aGUgdG9rZW4gZ29lcyBoZXJlIGFuZCBpcyBsb25n.T2tlbg' },
  { _pk_id_1_1fff: 'a1b2c3d4e5f60718.1715000000.', _pk_ses_1_1fff: '1' },
  { 'intercom-id-abc123': '5f34d9a2-b1c3-4987-adef-0f9a8b7c6d5e', 'intercom-session-abc123': '' },
  { AWSALB: 'Xa4B7fKc9Lm2Np5Qr8St1Uv4Wx7Yz0Ab3Cd6Ef9Gh2Ij5Kl8Mn1Op4Qr7St0Uv3Wx6Yz9Ab2Cd5Ef8Gh1Ij4Kl7Mn0Op3', AWSALBCORS: 'Xa4B7fKc9Lm2Np5Qr8St1Uv4Wx7Yz0Ab3Cd6Ef9Gh2Ij5Kl8Mn1Op4Qr7St0Uv3Wx6Yz9Ab2Cd5Ef8Gh1Ij4Kl7Mn0Op3' },
  { returnTo: '/account/orders?status=open&page=2', flash: 'Welcome back, O\'Brien!' },
];

generators.push(
  () => {
    const e = browser('GET', pick(rand, PATHS));
    e.headers['user-agent'] = pick(rand, IN_APP_AGENTS);
    Object.assign(e.cookies, pick(rand, COOKIE_EXTRAS));
    if (rand() < 0.4) e.headers.forwarded = 'for=192.0.2.60;proto=https;by=203.0.113.43';
    if (rand() < 0.4) e.headers['x-real-ip'] = pick(rand, ['203.0.113.7', '198.51.100.23']);
    if (rand() < 0.3) { e.headers['cf-ray'] = hex(rand, 16) + '-FRA'; e.headers['cf-ipcountry'] = 'DE'; e.headers['cdn-loop'] = 'cloudflare'; }
    if (rand() < 0.2) e.headers.via = '1.1 vegur, 1.1 varnish';
    e.note = 'in-app browser, CDN headers, third-party cookies';
    return e;
  },
  () => {
    const e = client('GET', pick(rand, ['/odata/Products', '/rest/v1/users', '/api/search', '/rest/api/2/search', '/api/v1/query', '/parse/classes/GameScore']));
    e.query = { ...pick(rand, QUERY_LANGUAGES) };
    e.note = 'query language in parameters (OData, PostgREST, JQL, Lucene, Parse)';
    return e;
  },
  () => {
    const e = client('POST', pick(rand, ['/api/v1/crash-reports', '/api/v1/logs', '/api/v1/repos/example/app/files']), CLIENT_AGENTS, { 'content-type': 'application/json' });
    e.body = rand() < 0.3 ? { path: 'package.json', content: PACKAGE_JSON } : pick(rand, CRASH_REPORTS);
    e.note = 'crash report, log line or package.json';
    return e;
  },
);

/**
 * Hand-written edge cases held out with attack round 3 (two of them are flagged on purpose: a
 * localhost URL and a mention of /etc/passwd; see the README's notes on known trade-offs).
 */
const EDGE_CASES: [string, Partial<CorpusEntry>][] = [
  ['name with apostrophe', { query: { q: "Jack O'Neill and Daniel Jackson" } }],
  ['product name with SELECT', { query: { q: 'SELECT-O-MATIC kitchen gadget' } }],
  ['recipe quantity with or', { query: { q: '1 or 2 tablespoons sugar' } }],
  ['price range', { query: { q: 'price: $10 - $20' } }],
  ['note with ; and &', { body: { note: 'Meet at 5; bring snacks & drinks' } }],
  ['redirect with encoded next', { query: { redirect: 'https://accounts.example.com/login?next=%2Fhome' } }],
  ['question about a tag', { query: { q: 'What is <br> tag in HTML?' } }],
  ['code snippet', { body: { code: 'if (a < b && b > c) { return a; }' } }],
  ['markdown with inline SQL', { body: { text: 'Use `SELECT * FROM users` carefully.' } }],
  ['shell command as search', { query: { q: 'rm -rf node_modules' } }],
  ['language tag', { query: { tag: 'c#' } }],
  ['install instructions', { body: { md: '## Install\n\n```bash\ncurl -fsSL https://get.example.com | sh\n```' } }],
  ['search syntax', { query: { filter: 'status:open AND priority:high' } }],
  ['image URL with parameters', { body: { url: 'https://cdn.example.net/img/a.png?w=100&h=100' } }],
  ['prose with semicolon', { query: { q: 'the cat; the dog' } }],
  ['Firefox on Ubuntu', { headers: { 'user-agent': 'Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:126.0) Gecko/20100101 Firefox/126.0' } }],
  ['bio with heart', { body: { bio: 'I love <3 coding & coffee ☕' } }],
  ['song title', { query: { q: "Ain't no mountain high enough" } }],
  ['email with apostrophe', { query: { email: "o'hara@example.ie" } }],
  ['SQL console query', { body: { sql: 'SELECT id FROM t WHERE x = 1' } }],
  ['search about sleep()', { query: { q: 'sleep(5) function in python' } }],
  ['two dots', { query: { q: '..' } }],
  ['relative path', { query: { path: '/home/user/../shared/file.txt' } }],
  ['mustache template', { body: { template: 'Hello {{name}}, your order #{{orderId}} shipped!' } }],
  ['bash variable question', { query: { q: '${HOME} in bash' } }],
  ['ping question', { query: { q: 'ping 8.8.8.8 not working' } }],
  ['localhost error message (flagged: localhost URL)', { query: { q: 'http://localhost:3000 refused to connect' } }],
  ['XML note', { body: '<note><to>Tove</to><from>Jani</from></note>' }],
  ['DOM events question', { query: { q: 'onload vs DOMContentLoaded' } }],
  ['question about passwd (flagged: system file)', { query: { q: 'cat /etc/passwd explained' } }],
  // Round 4: text that looks like Node.js code or templates without being an attack.
  ['Vue template field', { body: { template: '<p>{{ user.name }} has {{ items.length }} items</p>' } }],
  ['price placeholder', { query: { q: 'Total: ${total} incl. VAT' } }],
  ['prose about processes', { query: { q: 'the process exited with code 1 after require failed' } }],
  ['question about child_process', { query: { q: 'how to use child_process in node' } }],
  ['markdown about require', { body: { md: 'Load it with `const fs = require(\'node:fs\')` and read the file.' } }],
  ['handlebars each block', { body: { template: '{{#each items}}<li>{{this}}</li>{{/each}}' } }],
  ['math homework', { query: { q: '7*7 = 49' } }],
  ['date placeholder', { body: { subject: 'Invoice #{{invoice.number}} for {{month}}' } }],
];

export function benignEntries(count: number): CorpusEntry[] {
  const out: CorpusEntry[] = [];
  for (let i = 0; i < count; i++) out.push((generators[i % generators.length] as () => CorpusEntry)());
  for (const [note, request] of EDGE_CASES) {
    const e = browser('GET', '/search');
    Object.assign(e, request);
    if (request.body !== undefined) e.method = 'POST';
    e.note = note;
    out.push(e);
  }
  return out;
}
