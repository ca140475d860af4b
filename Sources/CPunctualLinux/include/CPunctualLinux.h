int cpunctual_placeholder(void);
