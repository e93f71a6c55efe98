namespace Messaging.Worker;

internal static class WorkerHelp
{
    public const string Text = """
        Points ledger processor: applies OrderCompleted, redemption, fulfilment, tenant allocation, clawback and recognition
        messages from RabbitMQ to the PostgreSQL ledger exactly once.

        Usage:
          Messaging.Worker            run the processor until stopped (SIGTERM or Ctrl+C stops it gracefully)
          Messaging.Worker migrate    apply the database migrations (as ConnectionStrings__LedgerOwner) and exit
          Messaging.Worker --help     print this and exit

        Exit codes: 0 stopped, 2 a setting is wrong, 75 the broker connection did not recover within
        Endpoints__ReconnectDeadline (or the start did not finish within a minute and that deadline): start it again
        (docker-compose's restart policy and eng/run.sh do).

        Settings: appsettings.json beside the executable, overridden by environment variables (Section__Key) or
        arguments (--Section:Key=value). A missing or invalid setting stops start-up, naming it (exit 2).

          ConnectionStrings__Ledger                 PostgreSQL, as the processor's own login (a ledger_runtime member)
          ConnectionStrings__LedgerOwner            the schema's owner, for migrate only (default: ConnectionStrings__Ledger)
          RabbitMq__Host, __Port, __VirtualHost     RabbitMQ (default 127.0.0.1, 5672, ledger)
          RabbitMq__Username, __Password            RabbitMQ user (default ledger / ledger)
          RabbitMq__ClusterNodes__0, __1, ...       other nodes of a RabbitMQ cluster, as host:port (none)
          RabbitMq__Heartbeat                       AMQP heartbeat; a vanished broker is given up after about four (00:00:10)
          Earning__PointsPerUnit__<CUR>             points per currency unit (USD, EUR, GBP = 1)
          Earning__SignupBonus, __FirstOrderBonus   once-per-user bonuses (100, 50)
          Earning__MaxPointsPerTransaction          orders earning more are refused (10000)
          Tenants__Administrators__0, __1, ...      RabbitMQ users who may allocate to and claw back from tenants' pools (none)
          Issuance__DailyCaps__<issuer>             points orders, events or admins may mint per UTC day; beyond it parked (no cap)
          Metrics__Port, Health__Port               loopback ports for /metrics and /health/live, /health/ready (0: none)
          Endpoints__PrefetchCount                  messages in flight per queue (1000)
          Endpoints__DeliveryLimit                  deliveries without an ack before a message is parked in _error (20)
          Endpoints__ReconnectDeadline              exit with 75 (start me again) when endpoints stay disconnected this long (90 s)
          Commit__MaxBatchSize, Commit__Writers     messages per ledger transaction, transactions in flight (500, 1)
          Inbox__Retention                          how long message ids are remembered (7 days)
          Redemptions__FulfilmentTimeout            how long fulfilment has to answer (5 min)
          Redemptions__RefundExpiredUnused          refund unused redemptions that expire (false)

        Every setting, with its meaning: README.md, "Settings".

        """;
}
