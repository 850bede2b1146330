#include "passwordhasher.h"

#include <QLoggingCategory>
#include <QMetaObject>

#include <sodium.h>

namespace dispatch::server {

namespace {
Q_LOGGING_CATEGORY(lcHasher, "dispatch.server.hasher")

bool ensureSodium()
{
    static const bool ready = sodium_init() >= 0;
    return ready;
}
} // namespace

PasswordHasher::PasswordHasher(int workers, int maxQueued, QObject *parent)
    : QObject(parent)
    , m_workers(std::max(1, workers))
    , m_maxQueued(std::max(0, maxQueued))
{
    m_pool.setMaxThreadCount(m_workers);
    m_pool.setObjectName(QStringLiteral("password hashing"));
    m_dummyHash = hashNow(QStringLiteral("timing equaliser"));
}

PasswordHasher::~PasswordHasher()
{
    m_pool.waitForDone(); // answers still queued to this object are dropped with it
}

QString PasswordHasher::hashNow(const QString &password)
{
    if (!ensureSodium())
        return {};
    const QByteArray utf8 = password.toUtf8();
    char hash[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(hash, utf8.constData(), quint64(utf8.size()),
                          crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
        qCWarning(lcHasher) << "argon2id hashing ran out of memory";
        return {};
    }
    return QString::fromLatin1(hash);
}

bool PasswordHasher::verifyNow(const QString &hash, const QString &password)
{
    if (!ensureSodium() || hash.isEmpty())
        return false;
    const QByteArray stored = hash.toLatin1();
    const QByteArray utf8 = password.toUtf8();
    return crypto_pwhash_str_verify(stored.constData(), utf8.constData(), quint64(utf8.size())) ==
           0;
}

bool PasswordHasher::verify(const QString &hash, const QString &password,
                            std::function<void(bool)> done)
{
    const bool known = !hash.isEmpty();
    return submit([this, stored = known ? hash : m_dummyHash, password, known,
                   done = std::move(done)]() mutable {
        const bool ok = verifyNow(stored, password) && known;
        QMetaObject::invokeMethod(
            this,
            [this, ok, done = std::move(done)] {
                --m_pending;
                done(ok);
            },
            Qt::QueuedConnection);
    });
}

bool PasswordHasher::hash(const QString &password, std::function<void(QString)> done)
{
    return submit([this, password, done = std::move(done)]() mutable {
        QString result = hashNow(password);
        QMetaObject::invokeMethod(
            this,
            [this, result = std::move(result), done = std::move(done)] {
                --m_pending;
                done(result);
            },
            Qt::QueuedConnection);
    });
}

bool PasswordHasher::submit(std::function<void()> work)
{
    if (m_pending >= capacity())
        return false;
    ++m_pending;
    m_pool.start(std::move(work));
    return true;
}

} // namespace dispatch::server
