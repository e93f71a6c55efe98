using System.ComponentModel.DataAnnotations;
using RabbitMQ.Client;

namespace Messaging.Processing.Hosting;

/// <summary>Settings under <c>RabbitMq</c> (environment: <c>RabbitMq__Host</c>, ...).</summary>
public sealed class RabbitMqOptions
{
    public const string Section = "RabbitMq";

    [Required(ErrorMessage = "RabbitMq:Host is required (for example 127.0.0.1).")]
    public string Host { get; set; } = "";

    [Range(1, 65535, ErrorMessage = "RabbitMq:Port must be a TCP port (5672 by default).")]
    public int Port { get; set; } = 5672;

    [Required(ErrorMessage = "RabbitMq:VirtualHost is required (for example ledger).")]
    public string VirtualHost { get; set; } = "";

    [Required(ErrorMessage = "RabbitMq:Username is required.")]
    public string Username { get; set; } = "";

    [Required(ErrorMessage = "RabbitMq:Password is required.")]
    public string Password { get; set; } = "";

    /// <summary>The management API's port: the admin tool lists and checks queues through it; the processor does not use it.</summary>
    [Range(1, 65535, ErrorMessage = "RabbitMq:ManagementPort must be a TCP port (15672 by default).")]
    public int ManagementPort { get; set; } = 15672;

    /// <summary>A connection factory for the processor's own connections beside MassTransit's, named for the broker's connection list.</summary>
    public ConnectionFactory ConnectionFactory(string clientName) => new()
    {
        HostName = Host,
        Port = Port,
        VirtualHost = VirtualHost,
        UserName = Username,
        Password = Password,
        ClientProvidedName = clientName,
    };
}
