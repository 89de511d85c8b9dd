//! `ekrov`: the server and the operators' command line.

use anyhow::{Context, bail};
use clap::{Parser, Subcommand};
use ekrov::{
    config::{Common, Config, LogFormat, ServeArgs},
    server,
};
use ekrov_app::{App, SystemClock, operator::NewOperator};
use ekrov_domain::{Email, Rnokpp};
use std::{process::ExitCode, sync::Arc};

#[derive(Parser)]
#[command(name = "ekrov", version, about = "єКров — інформаційна система служби крові України (the national blood-service information system)")]
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
    let filter = EnvFilter::try_from_env("EKROV_LOG").unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    let b = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
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
                tracing::warn!("DEMO MODE: the development CA is trusted. Never run --demo with real data.");
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
        Command::Operator(OperatorCmd::Add { rnokpp, surname, given_name, patronymic, email }) => {
            let rnokpp = Rnokpp::parse(&rnokpp).map_err(|e| anyhow::anyhow!("--rnokpp: {}", e.message_uk()))?;
            let email = email
                .map(|e| Email::parse(&e).map_err(|err| anyhow::anyhow!("--email: {}", err.message_uk())))
                .transpose()?;
            let (surname, given_name) = (surname.trim().to_owned(), given_name.trim().to_owned());
            if surname.is_empty() || given_name.is_empty() {
                bail!("--surname and --given-name must not be empty");
            }
            let cfg = Config::resolve(&cli.common, &ServeArgs::default())?;
            let app = App::new(server::connect(&cfg).await?, cfg.settings(), Arc::new(SystemClock));
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
                println!("Оператора додано: {} (РНОКПП {}, id {})", account.full_name(), account.rnokpp, account.id);
            } else {
                println!("Вже є оператором: {} (РНОКПП {})", account.full_name(), account.rnokpp);
            }
            app.db.close().await;
            Ok(ExitCode::SUCCESS)
        }
        Command::Audit(AuditCmd::Verify) => {
            let cfg = Config::resolve(&cli.common, &ServeArgs::default())?;
            let db = server::connect(&cfg).await.context("opening the database")?;
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

/// Demo mode: a national operator to look around with.
async fn print_demo(app: &App, cfg: &Config) -> anyhow::Result<()> {
    let rnokpp = Rnokpp::parse("3184710691").expect("a valid demo РНОКПП");
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
    println!("\nєКров (демо) працює: {}", cfg.public_url);
    println!("Демо-оператор: {} (РНОКПП {})", account.full_name(), account.rnokpp);
    println!("Листи пишуться у {}\n", cfg.data_dir.join("mail").display());
    Ok(())
}
