;;; eglot_drive.el --- drive eglot against `codesync serve' in batch mode  -*- lexical-binding: t -*-
;; Usage: emacs --batch -l eglot_drive.el FILE.py
;; Prints the diagnostics, what eglot-code-action-quickfix does, and the text after
;; `M-x eglot-code-actions' RET (the default: the preferred fix). The file's folder is the
;; workspace (no VCS: eglot's transient project).
(require 'package)
(package-initialize)
(require 'eglot)
(require 'python)
(require 'cl-lib)
(setq eglot-server-programs
      '(((python-mode python-ts-mode)
         . ("codesync" "serve"
            :initializationOptions (:codesync (:severity (:CS202 "hint")))))))
(defun drive-wait (what pred seconds)
  (let ((deadline (+ (float-time) seconds)))
    (while (and (not (funcall pred)) (< (float-time) deadline))
      (accept-process-output nil 0.2))
    (unless (funcall pred) (error "timed out waiting for %s" what))))
(find-file (car command-line-args-left))
(defvar drive-eglot-version
  (let ((desc (cadr (assq 'eglot package-alist))))
    (if desc (package-desc-version desc) '(0))))  ; (0): built into Emacs
(message "EMACS %s EGLOT %S" emacs-version drive-eglot-version)
(apply #'eglot (eglot--guess-contact))
(drive-wait "the server" (lambda () (eglot-current-server)) 60)
(drive-wait "diagnostics" (lambda () (flymake-diagnostics)) 120)
(dolist (d (flymake-diagnostics))
  (message "DIAG %s %s: %s" (line-number-at-pos (flymake-diagnostic-beg d))
           (flymake-diagnostic-type d) (flymake-diagnostic-text d)))
;; eglot 1.9's eglot-code-action-quickfix only returns the actions (it does not apply one)
(goto-char (flymake-diagnostic-beg (car (flymake-diagnostics))))
(when (and (> (car drive-eglot-version) 0) (version-list-< drive-eglot-version '(1 10)))
  (message "QUICKFIX-RETURNS %S" (mapcar (lambda (a) (plist-get a :title))
                                         (eglot-code-action-quickfix (point)))))
;; M-x eglot-code-actions with point on the finding, RET on the default (the preferred fix)
(goto-char (flymake-diagnostic-beg (car (flymake-diagnostics))))
(let ((last-nonmenu-event ?\r))
  (cl-letf (((symbol-function 'completing-read)
             (lambda (prompt items &optional _p _r _i _h default &rest _)
               (message "PROMPT %s %S" prompt (mapcar #'car items)) default)))
    (call-interactively #'eglot-code-actions)))
(message "TEXT %S" (buffer-substring-no-properties (point-min) (point-max)))
(kill-emacs 0)
