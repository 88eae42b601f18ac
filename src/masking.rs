//! How personal data is shown to people who may not see it whole: in API answers, exports and
//! audit snapshots.

/// `z***@example.com`
pub fn email(email: &str) -> String {
    match email.split_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}***@{domain}")
        }
        None => "***".into(),
    }
}

/// The network of an IP address at the given prefix lengths (`203.0.113.0/24`, `2001:db8::/48`),
/// or the address itself at /32 or /128; IPv4-mapped IPv6 counts as IPv4. `None` when `ip` is not
/// an address.
pub fn ip_network(ip: &str, v4_bits: u32, v6_bits: u32) -> Option<String> {
    use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
    let ip = match ip.trim().parse::<IpAddr>().ok()? {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map(IpAddr::V4).unwrap_or(IpAddr::V6(v6)),
        v4 => v4,
    };
    Some(match ip {
        IpAddr::V4(_) if v4_bits >= 32 => ip.to_string(),
        IpAddr::V6(_) if v6_bits >= 128 => ip.to_string(),
        IpAddr::V4(v4) => {
            let net = u32::from(v4) & u32::MAX.checked_shl(32 - v4_bits).unwrap_or(0);
            format!("{}/{v4_bits}", Ipv4Addr::from(net))
        }
        IpAddr::V6(v6) => {
            let net = u128::from(v6) & u128::MAX.checked_shl(128 - v6_bits).unwrap_or(0);
            format!("{}/{v6_bits}", Ipv6Addr::from(net))
        }
    })
}

/// Keep the first 4 and last 4 characters: `1101**********002X`.
pub fn id_number(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    if chars.len() <= 8 {
        return "*".repeat(chars.len());
    }
    let head: String = chars[..4].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}{}{tail}", "*".repeat(chars.len() - 8))
}

/// Keep the last 4 characters: `***************3445`.
pub fn tail(value: &str) -> String {
    let chars: Vec<char> = value.chars().collect();
    let keep = chars.len().min(4);
    let tail: String = chars[chars.len() - keep..].iter().collect();
    format!("{}{tail}", "*".repeat(chars.len() - keep))
}

/// Keep the first 3 and last 4 digits of a mobile number: `138****8000`.
pub fn phone(phone: &str) -> String {
    let chars: Vec<char> = phone.chars().collect();
    if chars.len() < 7 {
        return "***".into();
    }
    let head: String = chars[..3].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}****{tail}")
}

/// Keep the first character of a name: `张**`.
pub fn name(name: &str) -> String {
    let mut chars = name.chars();
    let first: String = chars.next().map(String::from).unwrap_or_default();
    format!("{first}{}", "*".repeat(chars.count().max(1)))
}

/// The public-notice form of a name (公示): first and last character kept, `张*三`, `欧**锋`, `李*`.
pub fn notice_name(name: &str) -> String {
    let chars: Vec<char> = name.trim().chars().collect();
    match chars.len() {
        0 => "*".into(),
        1 | 2 => format!("{}*", chars[0]),
        n => format!("{}{}{}", chars[0], "*".repeat(n - 2), chars[n - 1]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks() {
        assert_eq!(email("zhangsan@example.com"), "z***@example.com");
        assert_eq!(email("bad"), "***");
        assert_eq!(id_number("11010519491231002X"), "1101**********002X");
        assert_eq!(tail("6222020200112233445"), "***************3445");
        assert_eq!(tail("12"), "12");
        assert_eq!(phone("13800138000"), "138****8000");
        assert_eq!(phone("12"), "***");
        assert_eq!(name("张三丰"), "张**");
        assert_eq!(name("李"), "李*");
        assert_eq!(notice_name("张小三"), "张*三");
        assert_eq!(notice_name("欧阳明锋"), "欧**锋");
        assert_eq!(notice_name("李四"), "李*");
    }
}
