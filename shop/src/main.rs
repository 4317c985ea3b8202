//! `doorman-shop [--host ADDR] [--port N] [--db FILE] [--www DIR] [--dist DIR] [--fixtures DIR]
//! [--prizes TABLE] [--origins LIST] [--draw shop|any]`; `doorman-shop --help` describes each.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, ValueEnum};
use doorman::prize::{parse_prizes, shorten_labels, Prize, MAX_LABEL_CHARS};
use doorman_shop::{app, parse_origins, Db, Paths, Policy, Shop, DEFAULT_PRIZES};

/// The preview shop: serves the demo storefront and the built widget, and stands in for a shop
/// receiving Doorman's sign-ups.
#[derive(Parser, Debug)]
#[command(version)]
struct Args {
    /// Address to listen on; 0.0.0.0 serves other devices on the network too.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    host: String,
    /// Port to listen on; 0 takes a free one (the address is printed at start).
    #[arg(long, value_name = "N", default_value_t = 8080)]
    port: u16,
    /// The SQLite file of sign-ups, views and customers, created on first run.
    #[arg(long, value_name = "FILE", default_value = "doorman-shop.sqlite")]
    db: PathBuf,
    /// The demo storefront's folder.
    #[arg(long, value_name = "DIR", default_value = "www")]
    www: PathBuf,
    /// The built widget's folder, served under /doorman/.
    #[arg(long, value_name = "DIR", default_value = "dist")]
    dist: PathBuf,
    /// A folder of test pages, served under /fixtures/.
    #[arg(long, value_name = "DIR")]
    fixtures: Option<PathBuf>,
    /// The prize table of shop-decided games: "label|code|weight; ...", 2 to 12 prizes, an
    /// empty code for "no luck", a missing weight 1.
    #[arg(long, value_name = "TABLE", default_value = DEFAULT_PRIZES, value_parser = prize_table)]
    prizes: PrizeTable,
    /// Storefront origins besides the shop's own, separated by spaces or commas, whose pages may
    /// post sign-ups and whose links a sign-up may carry as its restore link. The shop's own
    /// origin counts only as an address (an IP or localhost): a shop served under a name lists it.
    #[arg(long, value_name = "LIST", env = "DOORMAN_SHOP_ORIGINS", value_parser = origin_list)]
    origins: Option<OriginList>,
    /// Who draws a game's prize: `shop` ignores any prize the page sends; `any` also accepts a
    /// prize drawn in the page when it is one of the table's.
    #[arg(long, value_name = "WHO", env = "DOORMAN_SHOP_DRAW", value_enum, default_value_t = Draw::Any)]
    draw: Draw,
}

// Newtypes: clap reads a bare `Vec` as a flag given several times, these are one value each.
#[derive(Clone, Debug)]
struct PrizeTable(Vec<Prize>);
#[derive(Clone, Debug)]
struct OriginList(Vec<String>);

#[derive(Clone, Copy, Debug, PartialEq, ValueEnum)]
enum Draw {
    // Empty, as an unset environment setting often is, is the default.
    #[value(alias = "")]
    Any,
    Shop,
}

/// The table as the widget reads `data-prizes`: a label longer than the widget shows is cut as
/// the widget cuts it (said on stderr), so the label a page sends for it is one of the table's.
fn prize_table(value: &str) -> Result<PrizeTable, String> {
    let mut prizes = parse_prizes(value)
        .ok_or("expected \"label|code|weight; ...\" with 2 to 12 prizes, codes of letters, digits, - and _, and a weight above 0")?;
    if let Some(label) = shorten_labels(&mut prizes) {
        eprintln!("doorman-shop: --prizes: {label:?} is longer than {MAX_LABEL_CHARS} characters; its first {MAX_LABEL_CHARS} are used, as the widget uses them.");
    }
    Ok(PrizeTable(prizes))
}

fn origin_list(value: &str) -> Result<OriginList, String> {
    parse_origins(value).map(OriginList)
}

impl Args {
    fn policy(&self) -> Policy {
        let origins = self.origins.as_ref().map(|list| list.0.clone()).unwrap_or_default();
        Policy { origins, shop_draw: self.draw == Draw::Shop, ..Policy::default() }
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    // A wrong flag or value ends here with clap's message and exit status 2; --help and --version with 0.
    let args = Args::parse();
    let policy = args.policy();
    let db = match Db::open(&args.db) {
        Ok(db) => db,
        Err(e) => {
            eprintln!("doorman-shop: cannot open {}: {e}", args.db.display());
            return ExitCode::FAILURE;
        }
    };
    let listener = match tokio::net::TcpListener::bind((args.host.as_str(), args.port)).await {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!("doorman-shop: cannot listen on {}:{}: {e}", args.host, args.port);
            return ExitCode::FAILURE;
        }
    };
    let address = listener.local_addr().map(|a| a.to_string()).unwrap_or_default();
    // Tests read this line to learn the port when started with --port 0.
    println!("Preview shop: http://{address}/  (sign-ups in {})", args.db.display());
    let paths = Paths { www: args.www, dist: args.dist, fixtures: args.fixtures };
    let router = app(Shop::with_policy(db, args.prizes.0, policy), &paths);
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    // The client's address is what sign-ups are rate-limited by.
    let service = router.into_make_service_with_connect_info::<std::net::SocketAddr>();
    match axum::serve(listener, service).with_graceful_shutdown(shutdown).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("doorman-shop: {e}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        Args::command().debug_assert();
    }

    #[test]
    fn flags_left_out_take_their_defaults() {
        let args = Args::try_parse_from(["doorman-shop"]).unwrap();
        assert_eq!((args.host.as_str(), args.port), ("127.0.0.1", 8080));
        assert_eq!(args.db, PathBuf::from("doorman-shop.sqlite"));
        assert_eq!((&args.www, &args.dist, &args.fixtures), (&PathBuf::from("www"), &PathBuf::from("dist"), &None));
        assert_eq!(args.prizes.0, parse_prizes(DEFAULT_PRIZES).unwrap());
        assert!(args.policy().origins.is_empty());
        assert_eq!(args.draw, Draw::Any);
    }

    #[test]
    fn every_flag_is_read() {
        let args = Args::try_parse_from([
            "doorman-shop", "--host", "0.0.0.0", "--port", "0", "--db", "a.sqlite", "--www", "w", "--dist", "d",
            "--fixtures", "f", "--prizes", "Ten|TEN|1; None||1", "--origins", "https://Shop.example/, https://b.example",
            "--draw", "shop",
        ])
        .unwrap();
        assert_eq!((args.host.as_str(), args.port, args.db.to_str()), ("0.0.0.0", 0, Some("a.sqlite")));
        assert_eq!((args.www.to_str(), args.dist.to_str(), args.fixtures.as_deref().and_then(|f| f.to_str())), (Some("w"), Some("d"), Some("f")));
        assert_eq!(args.prizes.0, parse_prizes("Ten|TEN|1; None||1").unwrap());
        let policy = args.policy();
        assert_eq!(policy.origins, ["https://shop.example", "https://b.example"]);
        assert!(policy.shop_draw);
        // Empty, as a blank environment setting is: the default.
        let args = Args::try_parse_from(["doorman-shop", "--draw", "", "--origins", ""]).unwrap();
        assert_eq!((args.draw, args.policy().origins.len()), (Draw::Any, 0));
    }

    #[test]
    fn a_long_prize_label_is_cut_as_the_widget_cuts_it() {
        // A merchant's trial: a label of 230 characters in the tag and in --prizes; the page
        // sent its first 200, which the shop's table did not hold, and every sign-up was refused.
        let long = format!("Yksi vuosi ilmaisia toimituksia {}", "ja lahja ".repeat(22));
        let table = format!("{long}|PITKA|1; Ei onnea||1");
        let args = Args::try_parse_from(["doorman-shop", "--prizes", &table]).unwrap();
        let (config, _) = doorman::config::Config::from_tag(&[("game".into(), "wheel".into()), ("prizes".into(), table.clone())], 0);
        let widget = config.game.map(|game| game.prizes).unwrap_or_default();
        assert_eq!(args.prizes.0, widget);
        assert_eq!(args.prizes.0[0].label.chars().count(), MAX_LABEL_CHARS);
    }

    #[test]
    fn prize_weights_in_the_shops_own_digits_draw_as_the_widget_draws() {
        // The same table the page's tag holds, weights in Persian digits: the shop reads 3 and 1
        // as the widget does, so its draw keeps the merchant's odds.
        let table = "۱۰٪ تخفیف|OFF10|۳; پوچ||۱";
        let args = Args::try_parse_from(["doorman-shop", "--prizes", table]).unwrap();
        assert_eq!(args.prizes.0.iter().map(|p| p.weight).collect::<Vec<_>>(), [3, 1]);
        assert_eq!(args.prizes.0[0].label, "۱۰٪ تخفیف", "the label keeps its digits");
    }

    #[test]
    fn wrong_values_are_refused_naming_the_flag() {
        for (flag, value) in [
            ("--port", "eighty"),
            ("--port", "65536"),
            ("--prizes", "only one|ONE|1"),
            ("--origins", "https://shop.example/path"),
            ("--origins", "shop.example"),
            ("--draw", "page"),
        ] {
            let error = Args::try_parse_from(["doorman-shop", flag, value]).unwrap_err();
            assert_eq!(error.exit_code(), 2, "{flag} {value}");
            assert!(error.to_string().contains(flag) && error.to_string().contains(value), "{flag} {value}: {error}");
        }
    }
}
