// An order system written in Node from contracts/ alone (contracts/README.md, schemas/order-completed.v1.json):
// publishes OrderCompleted as plain JSON to the fanout exchange 'order-completed' with publisher confirms, and, like a
// real producer that retries, sends some messages twice (same message_id) and re-publishes some orders under a new
// message_id. Prints one JSON line: what it published.
//
//   node eng/node/publish_orders.mjs [--orders N] [--duplicates D] [--republishes R] [--prefix P]
//
// Connection settings: LEDGER_MQ_HOST, LEDGER_MQ_PORT, LEDGER_MQ_VHOST, LEDGER_MQ_USER (default: the order systems' own
// user, ledger_orders) and its password, found as for the Python samples (eng/ledger_mq.py): LEDGER_MQ_PASSWORD_<USER>,
// else LEDGER_MQ_PASSWORD when LEDGER_MQ_USER is set, else the one eng/servers.sh made, else ledger.
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import amqp from 'amqplib';

const { values } = parseArgs({
  options: {
    orders: { type: 'string', default: '20' },
    duplicates: { type: 'string', default: '5' },
    republishes: { type: 'string', default: '5' },
    prefix: { type: 'string', default: 'node' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log('usage: node eng/node/publish_orders.mjs [--orders N] [--duplicates D] [--republishes R] [--prefix P]');
  process.exit(0);
}

const env = process.env;
const url = new URL('amqp://');
url.hostname = env.LEDGER_MQ_HOST ?? '127.0.0.1';
url.port = env.LEDGER_MQ_PORT ?? '5672';
const user = env.LEDGER_MQ_USER ?? 'ledger_orders';
const passwordName = user === 'ledger' ? 'LEDGER_MQ_PASSWORD' : `LEDGER_MQ_PASSWORD_${user.toUpperCase()}`;
url.username = user;
url.password = env[passwordName] ?? (env.LEDGER_MQ_USER ? env.LEDGER_MQ_PASSWORD : undefined) ?? keptSecrets()[passwordName] ?? 'ledger';
url.pathname = '/' + encodeURIComponent(env.LEDGER_MQ_VHOST ?? 'ledger');

const exchange = 'order-completed';
const count = Number(values.orders);
const orders = Array.from({ length: count }, (_, i) => {
  // Amounts in cents, so the total is exact; every other one as a decimal string, which the contract allows for money.
  const cents = 1000 + i * 125;
  const amount = i % 2 === 0 ? cents / 100 : (cents / 100).toFixed(2);
  return {
    messageId: randomUUID(),
    body: { orderId: `${values.prefix}-${i}`, userId: `${values.prefix}-user-${i % 3}`, amount, currency: 'USD', occurredAt: new Date().toISOString() },
  };
});

const connection = await amqp.connect(url.toString());
try {
  const channel = await connection.createConfirmChannel();
  // Only the processor declares the shared exchanges (eng/rabbitmq/users.tsv): check that it has.
  await channel.checkExchange(exchange);
  const publish = (messageId, body) => new Promise((resolve, reject) => {
    // The routing key is the partition key: a partitioned ledger routes each user's orders to one partition (docs/scaling.md).
    channel.publish(exchange, body.userId, Buffer.from(JSON.stringify(body)),
      { messageId, contentType: 'application/json', deliveryMode: 2, type: 'OrderCompleted' },
      (error) => (error ? reject(error) : resolve()));
  });

  let published = 0;
  for (const order of orders) {
    await publish(order.messageId, order.body);
    published++;
  }
  // A retry after a lost confirm: the very same message again.
  for (const order of orders.slice(0, Number(values.duplicates))) {
    await publish(order.messageId, order.body);
    published++;
  }
  // A re-publish from the order system's own outbox: same order, new message id.
  for (const order of orders.slice(-Number(values.republishes))) {
    await publish(randomUUID(), order.body);
    published++;
  }
  await channel.waitForConfirms();
  console.log(JSON.stringify({ exchange, published, orders: orders.map((o) => ({ ...o.body, messageId: o.messageId })) }));
} finally {
  await connection.close();
}

/** The passwords eng/servers.sh made on its first setup, by variable name; none when there is no such file. */
function keptSecrets() {
  const file = env.LEDGER_SECRETS_FILE ?? join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'points-ledger', 'servers.env');
  if (!existsSync(file)) return {};
  return Object.fromEntries(readFileSync(file, 'utf8').split('\n').filter((l) => l.startsWith('LEDGER_') && l.includes('='))
    .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
}
