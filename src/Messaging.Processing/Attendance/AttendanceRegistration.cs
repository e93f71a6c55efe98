using MassTransit;
using Messaging.Ledger.Attendance;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Messaging.Processing.Attendance;

public static class AttendanceRegistration
{
    public static IServiceCollection AddAttendance(this IServiceCollection services)
    {
        services.AddSingleton(sp => new AttendanceSettlement(sp.GetRequiredService<IOptions<AttendanceOptions>>().Value.Rules()));
        return services;
    }

    public static IBusRegistrationConfigurator AddAttendanceConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<EventAttendedConsumer, EventAttendedConsumerDefinition>();
        return bus;
    }
}
