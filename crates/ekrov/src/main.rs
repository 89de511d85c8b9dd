//! `ekrov`: the server and the operators' command line.

use anyhow::{Context, bail};
use clap::{Parser, Subcommand};
use ekrov::{
    config::{Common, Config, LogFormat, ServeArgs},
    server,
};
use ekrov_app::{App, SystemClock, registration::NewOperator};
use ekrov_domain::{Email, Rnokpp};
use std::{process::ExitCode, sync::Arc};

#[derive(Parser)]
#[command(
    name = "ekrov",
    version,
    about = "єКров — інформаційна система служби крові України (the national blood-service information system)"
)]
struct Cli {
    #[command(flatten)]
    common: Common,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the server (migrates the database first).
    Serve(ServeArgs),
    /// Create or upgrade the database schema and exit.
    Migrate,
    /// National operators (СДУ «УЦТК»).
    #[command(subcommand)]
    Operator(OperatorCmd),
    /// The audit log.
    #[command(subcommand)]
    Audit(AuditCmd),
    /// Trusted certification authorities (the trust folder).
    #[command(subcommand)]
    Trust(TrustCmd),
    /// Demo and test only: a development CA that issues key files.
    #[command(subcommand, name = "dev-pki")]
    DevPki(DevPkiCmd),
    /// Sign a file's bytes as CMS SignedData (detached), as the browser does.
    Sign {
        /// PKCS#12 key file (.p12 / .pfx)
        #[arg(long)]
        key: std::path::PathBuf,
        #[arg(long)]
        password: String,
        #[arg(long = "in")]
        input: std::path::PathBuf,
        #[arg(long)]
        out: std::path::PathBuf,
    },
}

#[derive(Subcommand)]
enum TrustCmd {
    /// Print every trust anchor (subject, validity, fingerprint); warn about expired ones.
    List {
        /// Trust folder [default: <data folder>/trust]
        #[arg(long, env = "EKROV_TRUST_DIR")]
        trust_dir: Option<std::path::PathBuf>,
    },
}

#[derive(Subcommand)]
enum DevPkiCmd {
    /// Issue a key and certificate as PKCS#12, creating the development CA once.
    Issue {
        #[arg(long)]
        rnokpp: String,
        #[arg(long)]
        surname: String,
        #[arg(long)]
        given_name: String,
        #[arg(long)]
        out: std::path::PathBuf,
        #[arg(long)]
        password: String,
        /// A P-384 key instead of P-256
        #[arg(long)]
        p384: bool,
    },
}

#[derive(Subcommand)]
enum OperatorCmd {
    /// Add a national operator, who logs in by КЕП like everyone else.
    Add {
        /// РНОКПП (10 digits, checked)
        #[arg(long)]
        rnokpp: String,
        #[arg(long)]
        surname: String,
        #[arg(long)]
        given_name: String,
        #[arg(long)]
        patronymic: Option<String>,
        #[arg(long)]
        email: Option<String>,
    },
}

#[derive(Subcommand)]
enum AuditCmd {
    /// Check the audit log's hash chain: exits non-zero and names the row when one was edited or deleted.
    Verify,
}

fn init_logs(format: LogFormat) {
    use tracing_subscriber::EnvFilter;
    let filter =
        EnvFilter::try_from_env("EKROV_LOG").unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    let b = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Human => b.init(),
        LogFormat::Json => b.json().flatten_event(true).init(),
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli).await {
        Ok(code) => code,
        Err(e) => {
            eprintln!("ekrov: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Serve(args) => {
            let cfg = Config::resolve(&cli.common, &args)?;
            init_logs(cfg.log_format);
            if cfg.demo {
                tracing::warn!(
                    "DEMO MODE: the development CA is trusted. Never run --demo with real data."
                );
            }
            let running = server::start(&cfg, Arc::new(SystemClock)).await?;
            if cfg.demo {
                print_demo(&running.app, &cfg).await?;
            }
            running.wait_for_signal().await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Migrate => {
            let cfg = Config::resolve(&cli.common, &ServeArgs::default())?;
            init_logs(LogFormat::Human);
            server::connect(&cfg).await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Operator(OperatorCmd::Add {
            rnokpp,
            surname,
            given_name,
            patronymic,
            email,
        }) => {
            let rnokpp = Rnokpp::parse(&rnokpp)
                .map_err(|e| anyhow::anyhow!("--rnokpp: {}", e.message_uk()))?;
            let email = email
                .map(|e| {
                    Email::parse(&e).map_err(|err| anyhow::anyhow!("--email: {}", err.message_uk()))
                })
                .transpose()?;
            let (surname, given_name) = (surname.trim().to_owned(), given_name.trim().to_owned());
            if surname.is_empty() || given_name.is_empty() {
                bail!("--surname and --given-name must not be empty");
            }
            let cfg = Config::resolve(&cli.common, &ServeArgs::default())?;
            let app = App::new(
                server::connect(&cfg).await?,
                cfg.settings(),
                Arc::new(SystemClock),
            );
            let (account, added) = app
                .add_operator(NewOperator {
                    rnokpp,
                    surname,
                    given_name,
                    patronymic: patronymic.filter(|p| !p.trim().is_empty()),
                    email,
                })
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            if added {
                println!(
                    "Оператора додано: {} (РНОКПП {}, id {})",
                    account.full_name(),
                    account.rnokpp,
                    account.id
                );
            } else {
                println!(
                    "Вже є оператором: {} (РНОКПП {})",
                    account.full_name(),
                    account.rnokpp
                );
            }
            app.db().close().await;
            Ok(ExitCode::SUCCESS)
        }
        Command::Trust(TrustCmd::List { trust_dir }) => {
            let cfg = Config::resolve(
                &cli.common,
                &ServeArgs {
                    trust_dir,
                    ..Default::default()
                },
            )?;
            let store = if cfg.trust_dir.is_dir() {
                ekrov_kep::TrustStore::load_dir(&cfg.trust_dir)
                    .with_context(|| format!("{}", cfg.trust_dir.display()))?
            } else {
                println!(
                    "trust folder {} does not exist: nothing is trusted",
                    cfg.trust_dir.display()
                );
                return Ok(ExitCode::SUCCESS);
            };
            let anchors = store.anchors();
            println!(
                "{} trusted certificate(s), {} CRL(s) in {}",
                anchors.len(),
                store.crl_count(),
                cfg.trust_dir.display()
            );
            let mut expired = 0;
            for a in anchors {
                println!("\n  subject:     {}", a.subject);
                println!(
                    "  valid:       {} — {}",
                    a.not_before.format("%Y-%m-%d"),
                    a.not_after.format("%Y-%m-%d")
                );
                println!("  sha256:      {}", a.sha256_fingerprint);
                println!("  algorithm:   {}", a.signature_algorithm);
                if a.expired {
                    expired += 1;
                    println!(
                        "  WARNING:     expired (or not yet valid): signatures chaining to it are refused"
                    );
                }
            }
            if expired > 0 {
                eprintln!("\nwarning: {expired} trusted certificate(s) are not valid now");
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::DevPki(DevPkiCmd::Issue {
            rnokpp,
            surname,
            given_name,
            out,
            password,
            p384,
        }) => {
            let rnokpp = Rnokpp::parse(&rnokpp)
                .map_err(|e| anyhow::anyhow!("--rnokpp: {}", e.message_uk()))?;
            let cfg = Config::resolve(&cli.common, &ServeArgs::default())?;
            let ca = ekrov_kep::dev_pki::DevCa::load_or_create(&cfg.dev_pki_dir())?;
            let opts = ekrov_kep::dev_pki::PersonOptions {
                p384,
                ..Default::default()
            };
            let (cert, key) =
                ca.issue_person_with(rnokpp.as_str(), &surname, &given_name, &opts)?;
            let p12 = ekrov_kep::pkcs12::write_pkcs12(&cert, &key, ca.ca_der(), &password)?;
            std::fs::write(&out, p12).with_context(|| format!("writing {}", out.display()))?;
            println!(
                "{}: key and certificate of {surname} {given_name} (РНОКПП {rnokpp}), issued by the development CA in {}",
                out.display(),
                ca.dir().display()
            );
            println!("The server trusts this CA only when started with `ekrov serve --demo`.");
            Ok(ExitCode::SUCCESS)
        }
        Command::Sign {
            key,
            password,
            input,
            out,
        } => {
            let bytes =
                std::fs::read(&key).with_context(|| format!("reading {}", key.display()))?;
            let p = ekrov_kep::pkcs12::read_pkcs12(&bytes, &password).map_err(|e| match e {
                ekrov_kep::KepError::WrongPassword => {
                    anyhow::anyhow!("wrong password for {}", key.display())
                }
                e => anyhow::anyhow!("{}: {e}", key.display()),
            })?;
            let content =
                std::fs::read(&input).with_context(|| format!("reading {}", input.display()))?;
            let sig = ekrov_kep::sign::sign_detached(
                &p.cert,
                &p.key_pkcs8,
                &p.chain,
                &content,
                chrono::Utc::now(),
            )?;
            std::fs::write(&out, sig).with_context(|| format!("writing {}", out.display()))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Audit(AuditCmd::Verify) => {
            let cfg = Config::resolve(&cli.common, &ServeArgs::default())?;
            let db = server::connect(&cfg)
                .await
                .context("opening the database")?;
            let verdict = ekrov_store::audit::verify(&db).await?;
            db.close().await;
            match verdict {
                ekrov_store::audit::Verdict::Intact { rows } => {
                    println!("audit log intact: {rows} rows, hash chain verified");
                    Ok(ExitCode::SUCCESS)
                }
                ekrov_store::audit::Verdict::Broken { seq, reason } => {
                    println!("audit log BROKEN at row seq={seq}: {reason}");
                    Ok(ExitCode::from(2))
                }
            }
        }
    }
}

/// Demo mode: a national operator to look around with, and their key file.
async fn print_demo(app: &App, cfg: &Config) -> anyhow::Result<()> {
    let rnokpp = Rnokpp::parse("3184710691").expect("a valid demo РНОКПП");
    let key_path = cfg.data_dir.join("demo-operator.p12");
    let password = "demo-operator";
    if !key_path.exists() {
        let ca = ekrov_kep::dev_pki::DevCa::load_or_create(&cfg.dev_pki_dir())?;
        let (cert, key) = ca.issue_person(rnokpp.as_str(), "Демо", "Оператор")?;
        std::fs::write(
            &key_path,
            ekrov_kep::pkcs12::write_pkcs12(&cert, &key, ca.ca_der(), password)?,
        )?;
    }
    let (account, _) = app
        .add_operator(NewOperator {
            rnokpp,
            surname: "Демо".into(),
            given_name: "Оператор".into(),
            patronymic: None,
            email: Some(Email::parse("operator@ekrov.localhost").expect("valid")),
        })
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    // The demo catalogue of blood components (ekrov's own titles; codes invented for the demo).
    let products = app
        .seed_demo_catalogue()
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    println!("\nєКров (демо) працює: {}", cfg.public_url);
    if products > 0 {
        println!("Каталог продуктів: додано {products} демо-позицій");
    }
    println!(
        "Демо-оператор: {} (РНОКПП {})",
        account.full_name(),
        account.rnokpp
    );
    println!(
        "Увійти: відкрийте {}/login, оберіть файл ключа {} і введіть пароль «{password}».",
        cfg.public_url,
        key_path.display()
    );
    println!(
        "Ключі для інших осіб: ekrov dev-pki issue --rnokpp … --surname … --given-name … --out key.p12 --password …"
    );
    println!("Листи пишуться у {}\n", cfg.data_dir.join("mail").display());
    Ok(())
}
