namespace Madoguchi.Web.Zones;

/// <summary>
/// The two halves of the system. The public zone faces citizens on the internet; the office zone
/// faces designated staff on LG-WAN. Each listens on its own endpoint.
/// </summary>
public enum Zone
{
    Public,
    Office,
}
