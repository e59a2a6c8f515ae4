/* errtext.c - the system's reason for a failure, in the reader's language. */
#include "errtext.h"

#include <errno.h>
#include <string.h>

/* A Japanese report that says why a file was not read should not say it in
 * English ("ファイルを読み込めません: No such file or directory"): the reasons a
 * user meets reading declarations and writing reports have Japanese words
 * here. The rare rest keep the system's text. */
static const char *ja_reason(int e)
{
	switch (e) {
	case ENOENT: return "ファイルまたはフォルダが存在しません";
	case EACCES: return "アクセスが許可されていません";
	case EPERM: return "この操作は許可されていません";
	case EISDIR: return "ファイルではなくフォルダです";
	case ENOTDIR: return "パスの途中にフォルダでないものがあります";
	case ELOOP: return "シンボリックリンクをたどる回数が多すぎます (循環している可能性があります)";
	case ENAMETOOLONG: return "パスまたはファイル名が長すぎます";
	case EMFILE: return "このプロセスが開いているファイルが多すぎます";
	case ENFILE: return "システム全体で開いているファイルが多すぎます";
	case ENOSPC: return "ディスクの空き容量がありません";
#ifdef EDQUOT
	case EDQUOT: return "ディスク使用量の上限 (クォータ) を超えています";
#endif
	case EROFS: return "読み取り専用のファイルシステムです";
	case EIO: return "入出力エラーが発生しました";
	case ENOMEM: return "メモリが足りません";
	case EFBIG: return "ファイルが大きすぎます";
	case EEXIST: return "既に存在します";
	case EBUSY: return "使用中です";
	case ETXTBSY: return "実行中のプログラムのファイルです";
	case EXDEV: return "別のファイルシステムには移動できません";
	case EINVAL: return "引数が正しくありません";
	case EINTR: return "シグナルで中断されました";
	case EAGAIN: return "一時的に利用できません";
	case ENXIO: return "デバイスまたはアドレスが存在しません";
	case ENODEV: return "デバイスが存在しません";
	case ESTALE: return "ファイルのハンドルが古くなっています (ネットワークファイルシステム)";
	case EPIPE: return "読み手のいないパイプに書き込もうとしました";
	default: return NULL;
	}
}

const char *tl_strerror(int errnum, bool ja)
{
	const char *s = ja ? ja_reason(errnum) : NULL;
	return s ? s : strerror(errnum);
}
