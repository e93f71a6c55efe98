using Messaging.Operations.Endpoints;
using Messaging.Processing.Pipeline.Hosting;

namespace Messaging.Processing.Attendance;

/// <summary>The endpoint of <see cref="EventAttendedConsumer"/>.</summary>
public sealed class EventAttendedConsumerDefinition() : LedgerConsumerDefinition<EventAttendedConsumer>(LedgerEndpoints.EventAttended);
