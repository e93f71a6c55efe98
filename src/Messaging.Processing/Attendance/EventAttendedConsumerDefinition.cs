using Messaging.Operations.Endpoints;
using Messaging.Processing.Pipeline.Hosting;

namespace Messaging.Processing.Attendance;

public sealed class EventAttendedConsumerDefinition() : LedgerConsumerDefinition<EventAttendedConsumer>(LedgerEndpoints.EventAttended);
